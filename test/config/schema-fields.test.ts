// Field rules of the environment schema and its pieces, at and around each bound, with the exact messages.
import { BURN_RATE_RULES } from '../../lib/config/slo';
import { githubAccessSchema } from '../../lib/config/github-access';
import { problemsWith } from '../helpers/configs';

const production = (override: Record<string, unknown>) => problemsWith('production', override);
const staging = (override: Record<string, unknown>) => problemsWith('staging', override);

describe('number fields', () => {
  test('a fraction is refused with the field’s own wording, or as not an int', () => {
    expect(production({ documentDb: { instances: 2.5 }, monitoring: { statusPageConcurrency: 1.5 } })).toEqual([
      'production: documentDb.instances: must be an int (got 2.5)',
      'production: monitoring.statusPageConcurrency: must be a whole number 1-100 (got 1.5)',
    ]);
  });

  test('fields that take fractions take them', () => {
    expect(production({ monitoring: { errorRatePercent: 0.15, latencyP95Seconds: 0.075 }, costGuardrails: { monthlyBudgetUsd: null, anomalyThresholdUsd: 1.5 } })).toEqual([]);
  });

  test('a bound may have a message of its own', () => {
    expect(staging({ network: { natGateways: 0 } })).toEqual([
      'staging: network.natGateways: needs at least 1 NAT gateway (private subnets reach ECR and AWS APIs through it) (got 0)',
    ]);
    expect(production({ network: { natGateways: 4 } })).toEqual(expect.arrayContaining(['production: network.natGateways: at most one NAT gateway per AZ (3) (got 4)']));
  });

  test('fields bounded on one side only', () => {
    expect(production({ monitoring: { replicaLagMs: 99 }, services: { backend: { maxCount: 101 } } })).toEqual([
      'production: monitoring.replicaLagMs: must be at least 100 ms (got 99)',
      'production: services.backend.maxCount: must be at most 100 tasks (got 101)',
    ]);
    expect(production({ monitoring: { replicaLagMs: 100_000_000 }, services: { backend: { maxCount: 100 } } })).toEqual([]);
  });

  test('fields that take one of a set of numbers name the set', () => {
    expect(production({ logRetentionDays: 2, uploads: { transitionToIaDays: 2 } })).toEqual([
      'production: logRetentionDays: CloudWatch Logs retention (days) must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (got 2)',
      'production: uploads.transitionToIaDays: EFS transition to Infrequent Access (days) must be one of 1, 7, 14, 30, 60, 90, 180, 270, 365 (got 2)',
    ]);
    expect(production({ logRetentionDays: 3653, uploads: { transitionToIaDays: 365 } })).toEqual([]);
  });
});

describe('text fields', () => {
  test('a restore point in time is "latest" or a UTC time, whatever the wrong value is', () => {
    const restore = (pointInTime: unknown) => staging({ backup: { restore: { generation: 1, pointInTime, sourceClusterId: 'staging-flashcard-lms' } } });
    expect(restore('2026-11-30T23:59:59.999Z')).toEqual([]);
    for (const wrong of [5, 'yesterday']) {
      expect(restore(wrong)).toEqual([`staging: backup.restore.pointInTime: must be "latest" or a UTC time "YYYY-MM-DDThh:mm:ssZ" (got ${JSON.stringify(wrong)})`]);
    }
  });

  test('an image build directory is a non-empty path', () => {
    expect(staging({ images: { buildFrom: '' } })).toEqual(expect.arrayContaining(['staging: images.buildFrom: must be a directory path (got "")']));
  });
});

describe('list fields', () => {
  test('lists below their minimum or above their maximum length', () => {
    expect(production({ services: { capacityProviders: [], corsOrigins: [] } })).toEqual([
      'production: services.capacityProviders: needs at least one capacity provider (got [])',
      'production: services.corsOrigins: needs at least one origin (got [])',
    ]);
    expect(production({ availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c', 'eu-west-1d'] })).toEqual(
      expect.arrayContaining(['production: availabilityZones: supports at most 3 availability zones (got ["eu-west-1a","eu-west-1b","eu-west-1c","eu-west-1d"])']),
    );
  });
});

describe('URL fields take https only', () => {
  test.each(['httpss://hooks.example.com/x', 'xhttps://hooks.example.com/x', 'http://hooks.example.com/x'])('%s', (url) => {
    expect(production({ alarms: { warning: { httpsEndpoints: [url] } }, services: { corsOrigins: [url] } })).toEqual([
      `production: alarms.warning.httpsEndpoints.0: must be an https:// URL (got "${url}")`,
      `production: services.corsOrigins.0: must be an https:// origin, e.g. "https://flashcard-lms.com" (got "${url}")`,
    ]);
  });
});

describe('slo bounds', () => {
  const slo = {
    apiAvailability: { targetPercent: 93.1, windowDays: 7 },
    apiLatency: { targetPercent: 99.99, windowDays: 30, thresholdSeconds: 30 },
    webAvailability: { targetPercent: 99.9, windowDays: 28 },
    slowBurn: 'warn',
  };

  test('bounds are included', () => {
    expect(production({ slo })).toEqual([]);
    expect(production({ slo: { ...slo, apiLatency: { targetPercent: 99, windowDays: 28, thresholdSeconds: 0.05 } } })).toEqual([]);
  });

  test('just outside the bounds, and fractional days', () => {
    expect(
      production({
        slo: {
          ...slo,
          apiAvailability: { targetPercent: 93.09, windowDays: 6 },
          apiLatency: { targetPercent: 99.991, windowDays: 31, thresholdSeconds: 30.01 },
          webAvailability: { targetPercent: 99.9, windowDays: 27.5 },
        },
      }),
    ).toEqual([
      'production: slo.apiAvailability.targetPercent: must be 93.1-99.99 (%): below 93.1 a 14.4x burn rate cannot happen and the fast-burn page never fires (got 93.09)',
      'production: slo.apiAvailability.windowDays: must be 7-30 days (got 6)',
      'production: slo.apiLatency.targetPercent: must be 93.1-99.99 (%): above 99.99 the error budget is too small to measure on per-minute metrics (got 99.991)',
      'production: slo.apiLatency.windowDays: must be 7-30 days (got 31)',
      'production: slo.apiLatency.thresholdSeconds: must be 0.05-30 s (got 30.01)',
      'production: slo.webAvailability.windowDays: must be a whole number of days (got 27.5)',
    ]);
  });

  test('the canary runs every 1 to 60 minutes', () => {
    expect(production({ canary: { everyMinutes: 60, secondRegion: null } })).toEqual([]);
    expect(production({ canary: { everyMinutes: 61, secondRegion: null } })).toEqual(['production: canary.everyMinutes: must be 1-60 minutes (got 61)']);
  });

  test('burn-rate pairs are those of the SRE workbook (multiwindow, multi-burn-rate alerts)', () => {
    expect(BURN_RATE_RULES).toEqual({
      fast: { factor: 14.4, longMinutes: 60, shortMinutes: 5 },
      slow: { factor: 6, longMinutes: 360, shortMinutes: 30 },
      budget: { factor: 1, longMinutes: 4320 },
    });
  });
});

describe('delivery bounds', () => {
  const backend = (delivery: object) => staging({ delivery: { backend: delivery } });

  test('percentages up to 100 and intervals up to 1440 minutes; the step bounds are reported on their fields', () => {
    expect(backend({ strategy: 'canary', canaryPercent: 100, canaryIntervalMinutes: 0, bakeTimeMinutes: 0 })).toEqual([]);
    expect(backend({ strategy: 'linear', stepPercent: 100, stepIntervalMinutes: 45, bakeTimeMinutes: 0 })).toEqual([]);
    expect(backend({ strategy: 'linear', stepPercent: 33.3, stepIntervalMinutes: 1, bakeTimeMinutes: 0 })).toEqual([]);
    expect(backend({ strategy: 'linear', stepPercent: 100.1, stepIntervalMinutes: 1441, bakeTimeMinutes: 0 })).toEqual([
      'staging: delivery.backend.stepPercent: linear step must be between 3 and 100 (%) (got 100.1)',
      'staging: delivery.backend.stepIntervalMinutes: linear step interval must be between 0 and 1440 minutes (got 1441)',
    ]);
    expect(backend({ strategy: 'canary', canaryPercent: 10, canaryIntervalMinutes: -1, bakeTimeMinutes: 0 })).toEqual([
      'staging: delivery.backend.canaryIntervalMinutes: canary interval must be between 0 and 1440 minutes (got -1)',
    ]);
  });

  test('shift and bake may take 45 minutes, not 46, for either service', () => {
    expect(backend({ strategy: 'canary', canaryPercent: 10, canaryIntervalMinutes: 35, bakeTimeMinutes: 10 })).toEqual([]);
    const budget = (total: number) =>
      `traffic shift and bake take ${total} minutes; at most 45 so the deploy ends inside the CI deploy role's 1-hour session (shorten the intervals or the bake time)`;
    expect(backend({ strategy: 'canary', canaryPercent: 10, canaryIntervalMinutes: 36, bakeTimeMinutes: 10 })).toEqual([
      `staging: delivery.backend: ${budget(46)} (got {"strategy":"canary","canaryPercent":10,"canaryIntervalMinutes":36,"bakeTimeM...)`,
    ]);
    expect(staging({ delivery: { frontend: { strategy: 'blueGreen', bakeTimeMinutes: 46 } } })).toEqual([
      `staging: delivery.frontend: ${budget(46)} (got {"strategy":"blueGreen","bakeTimeMinutes":46})`,
    ]);
    // The smallest linear step still counts its duration: 3% steps take 33 intervals.
    expect(backend({ strategy: 'linear', stepPercent: 3, stepIntervalMinutes: 2, bakeTimeMinutes: 0 })).toEqual([
      `staging: delivery.backend: ${budget(66)} (got {"strategy":"linear","stepPercent":3,"stepIntervalMinutes":2,"bakeTimeMinutes...)`,
    ]);
  });

  test('a linear step below the minimum is reported alone, without the duration it would give', () => {
    expect(backend({ strategy: 'linear', stepPercent: 1, stepIntervalMinutes: 2, bakeTimeMinutes: 0 })).toEqual([
      'staging: delivery.backend.stepPercent: linear step must be between 3 and 100 (%) (got 1)',
    ]);
  });
});

describe('GitHub access names', () => {
  const issues = (access: object) => {
    const parsed = githubAccessSchema.safeParse(access);
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  const ROLE = 'must be an IAM role name starting with "flashcard-lms-github-", then 1-43 of letters, digits and + = , . @ _ -';
  const ENVIRONMENT = 'must be a GitHub environment name: 1-100 of letters, digits and . _ -';

  test('role names: the prefix, then 1-43 IAM name characters (64 in all)', () => {
    expect(issues({ deployRoleName: `flashcard-lms-github-${'a'.repeat(43)}`, githubEnvironment: 'e'.repeat(100), diffRoleName: 'flashcard-lms-github-d+=,.@_-9' })).toEqual([]);
    for (const name of [
      `flashcard-lms-github-${'a'.repeat(44)}`,
      'flashcard-lms-github-',
      'x-flashcard-lms-github-deploy',
      'flashcard-lms-github-deploy staging',
      'flashcard-lms-github-dé',
    ]) {
      expect(issues({ deployRoleName: name, githubEnvironment: 'staging' })).toEqual([`deployRoleName: ${ROLE}`]);
    }
  });

  test('environment names: 1-100 of letters, digits and . _ -, so no IAM wildcard reaches the trust policy', () => {
    for (const environment of ['e'.repeat(101), '', 'stag*', 'stag?', '*staging', 'staging *', 'prod uction']) {
      expect(issues({ deployRoleName: 'flashcard-lms-github-deploy', githubEnvironment: environment })).toEqual([`githubEnvironment: ${ENVIRONMENT}`]);
    }
    expect(issues({ deployRoleName: 'flashcard-lms-github-deploy', githubEnvironment: 'Prod_1.a-b' })).toEqual([]);
  });
});

describe('backup copies and locks', () => {
  const isolation = (value: object) => production({ backup: { isolation: value } });

  test('a logically air-gapped vault keeps recovery points 7 to 36500 days', () => {
    expect(isolation({ kind: 'logically-air-gapped', minRetentionDays: 7, maxRetentionDays: 36500 })).toEqual([]);
    expect(isolation({ kind: 'logically-air-gapped', minRetentionDays: 6, maxRetentionDays: 36501 })).toEqual(
      expect.arrayContaining([
        'production: backup.isolation.minRetentionDays: a logically air-gapped vault keeps recovery points at least 7 days (got 6)',
        'production: backup.isolation.maxRetentionDays: logically air-gapped vault maximum retention must be between 1 and 36500 days (got 36501)',
      ]),
    );
    expect(isolation({ kind: 'logically-air-gapped', minRetentionDays: 36501, maxRetentionDays: 36500 })).toEqual(
      expect.arrayContaining(['production: backup.isolation.minRetentionDays: must be at most 36500 days (got 36501)']),
    );
  });

  test('a vault in another account is named by its ARN', () => {
    expect(isolation({ kind: 'separate-account', vaultArn: 'arn:aws:backup:eu-central-1:210987654321:backup-vault:flashcard-copy' })).toEqual([]);
    expect(isolation({ kind: 'separate-account', vaultArn: 'arn:aws:backup:eu-central-1:210987654321:vault:x' })).toEqual([
      'production: backup.isolation.vaultArn: must be a backup vault ARN, arn:aws:backup:<region>:<account>:backup-vault:<name> (got "arn:aws:backup:eu-central-1:210987654321:vault:x")',
    ]);
    expect(isolation({ kind: 'tape' })).toEqual([
      'production: backup.isolation.kind: must be {"kind": "logically-air-gapped", ...} or {"kind": "separate-account", ...} (got "tape")',
    ]);
  });

  test('a compliance lock stays changeable 3 to 36500 days', () => {
    const lock = (changeableForDays: number) => production({ backup: { vaultLock: { changeableForDays } } });
    expect(lock(2)).toEqual(
      expect.arrayContaining(['production: backup.vaultLock.changeableForDays: AWS Backup needs at least 3 days of grace before a compliance lock sets (got 2)']),
    );
    expect(lock(36501)).toEqual(expect.arrayContaining(['production: backup.vaultLock.changeableForDays: must be at most 36500 days (got 36501)']));
  });
});

describe('GitHub role overrides', () => {
  test('an environment may name its deploy and diff roles', () => {
    expect(staging({ github: { deployRoleName: 'flashcard-lms-github-deploy-stg', diffRoleName: 'flashcard-lms-github-diff-stg' } })).toEqual([]);
    expect(staging({ github: { diffRoleName: 'diff' } })).toEqual([
      'staging: github.diffRoleName: must be an IAM role name starting with "flashcard-lms-github-", then 1-43 of letters, digits and + = , . @ _ - (got "diff")',
    ]);
  });
});

describe('edge config', () => {
  const problems = (edge: object) => production({ edge });
  const RATE = 'must be between 10 and 2000000000 (AWS WAF rate limit bounds)';

  test('WAF rate limits are 10 to 2,000,000,000 (AWS::WAFv2::WebACL RateBasedStatement Limit), bounds included', () => {
    expect(problems({ perIpPer5Minutes: 2_000_000_000, signInPerIpPer5Minutes: 10 })).toEqual([]);
    expect(problems({ perIpPer5Minutes: 2_000_000_001, signInPerIpPer5Minutes: 9 })).toEqual([
      `production: edge.perIpPer5Minutes: per-IP flood limit ${RATE} (got 2000000001)`,
      `production: edge.signInPerIpPer5Minutes: sign-in limit ${RATE} (got 9)`,
    ]);
    expect(problems({ perIpPer5Minutes: 9, signInPerIpPer5Minutes: 9 })).toEqual([
      `production: edge.perIpPer5Minutes: per-IP flood limit ${RATE} (got 9)`,
      `production: edge.signInPerIpPer5Minutes: sign-in limit ${RATE} (got 9)`,
    ]);
    expect(problems({ signInPerIpPer5Minutes: 100.5 })).toEqual(['production: edge.signInPerIpPer5Minutes: must be an int (got 100.5)']);
  });

  test('the sign-in limit may equal the flood limit but not exceed it', () => {
    expect(problems({ perIpPer5Minutes: 100, signInPerIpPer5Minutes: 100 })).toEqual([]);
    expect(problems({ perIpPer5Minutes: 100, signInPerIpPer5Minutes: 101 })).toEqual([
      'production: edge.signInPerIpPer5Minutes: must be at most perIpPer5Minutes (100): the sign-in limit is the stricter one (got 101)',
    ]);
  });

  test('paths start with "/" and fit a WAF string match (200 bytes)', () => {
    const longest = `/api/${'a'.repeat(195)}`;
    expect(longest).toHaveLength(200);
    expect(problems({ signInPaths: [longest], uploadPaths: ['/api/v1/uploads'] })).toEqual([]);
    const path = 'must be a URL path starting with "/", e.g. "/api/v1/auth/login"';
    expect(problems({ signInPaths: [`${longest}a`], uploadPaths: ['/api/up load'] })).toEqual([
      `production: edge.signInPaths.0: ${path} (got ${JSON.stringify(`${longest}a`).slice(0, 77)}...)`,
      `production: edge.uploadPaths.0: ${path} (got "/api/up load")`,
    ]);
    // A prefix that is no path is reported, and so is every path that does not start with it.
    expect(problems({ apiPathPrefix: 'api/' })).toEqual([
      `production: edge.apiPathPrefix: ${path} (got "api/")`,
      'production: edge.signInPaths.0: must start with apiPathPrefix "api/" (got "/api/v1/auth/login")',
      'production: edge.signInPaths.1: must start with apiPathPrefix "api/" (got "/api/v1/auth/token")',
      'production: edge.signInPaths.2: must start with apiPathPrefix "api/" (got "/api/v1/auth/refresh")',
      'production: edge.uploadPaths.0: must start with apiPathPrefix "api/" (got "/api/v1/uploads")',
    ]);
  });

  test('sign-in and upload paths must be given and lie below the API prefix, each named by its index', () => {
    expect(problems({ signInPaths: [], uploadPaths: [] })).toEqual([
      'production: edge.signInPaths: needs at least one sign-in path (got [])',
      'production: edge.uploadPaths: needs at least one upload path (got [])',
    ]);
    expect(problems({ signInPaths: ['/api/v1/auth/login', '/auth/token'], uploadPaths: ['/uploads'] })).toEqual([
      'production: edge.signInPaths.1: must start with apiPathPrefix "/api/" (got "/auth/token")',
      'production: edge.uploadPaths.0: must start with apiPathPrefix "/api/" (got "/uploads")',
    ]);
  });

  test('the credential header is a lower-case header name of 1-64 characters', () => {
    const message = 'must be a lower-case HTTP header name of 1-64 characters, e.g. "authorization"';
    expect(problems({ credentialHeader: 'x'.repeat(64) })).toEqual([]);
    for (const header of ['X-auth', 'auth X', 'x'.repeat(65), '']) {
      expect(problems({ credentialHeader: header })).toEqual([`production: edge.credentialHeader: ${message} (got ${JSON.stringify(header)})`]);
    }
  });
});

describe('drills config', () => {
  const problems = (drills: object) => staging({ drills });

  test('each setting is a whole number within its range, bounds included', () => {
    expect(problems({ stopTaskPercent: 1, latencyMs: 5000, packetLossPercent: 100, durationMinutes: 30 })).toEqual([]);
    expect(problems({ stopTaskPercent: 100, latencyMs: 1, packetLossPercent: 1, durationMinutes: 1 })).toEqual([]);
    expect(problems({ stopTaskPercent: 0, latencyMs: 5001, packetLossPercent: 101, durationMinutes: 0 })).toEqual([
      'staging: drills.stopTaskPercent: must be 1-100 (%) (got 0)',
      'staging: drills.latencyMs: must be 1-5000 milliseconds (got 5001)',
      'staging: drills.packetLossPercent: must be 1-100 (%) (got 101)',
      'staging: drills.durationMinutes: must be 1-30 minutes (got 0)',
    ]);
    // FIS action durations run from one minute to 12 hours; a drill stays within 30 minutes.
    expect(problems({ stopTaskPercent: 12.5, durationMinutes: 31 })).toEqual([
      'staging: drills.stopTaskPercent: must be a whole number, 1-100 (%) (got 12.5)',
      'staging: drills.durationMinutes: must be 1-30 minutes (got 31)',
    ]);
  });
});
