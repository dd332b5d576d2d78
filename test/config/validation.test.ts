import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, deepMerge, loadEnvironments, validateEnvironment } from '../../lib/config';
import { PRODUCTION, STAGING } from '../../lib/config/environments';

/** Problems of the production config with `override` merged in. */
function problems(override: unknown, base: unknown = PRODUCTION): string[] {
  return validateEnvironment(deepMerge(base, override), 'production').problems;
}

describe('built-in environments', () => {
  test('staging and production are valid', () => {
    expect(validateEnvironment(STAGING, 'staging').problems).toEqual([]);
    expect(validateEnvironment(PRODUCTION, 'production').problems).toEqual([]);
  });
});

describe('validation names the environment, the field, the value and what is allowed', () => {
  test('unknown fields', () => {
    expect(problems({ foo: 1, documentDb: { sizee: 2 } })).toEqual([
      'production: documentDb.sizee: is not a known field; remove it or check its spelling (got 2)',
      'production: foo: is not a known field; remove it or check its spelling (got 1)',
    ]);
  });

  test('wrong types', () => {
    expect(problems({ documentDb: { instances: '3' }, network: { interfaceEndpoints: 'yes' } })).toEqual([
      'production: network.interfaceEndpoints: must be a boolean (got "yes")',
      'production: documentDb.instances: must be a number (got "3")',
    ]);
  });

  test('malformed domain names and hosted zone ids', () => {
    expect(problems({ domain: { name: 'Flashcard_LMS', hostedZoneId: 'abc', apiSubdomain: 'api.v1' } })).toEqual([
      'production: domain.name: must be a lower-case DNS name with at least two labels, e.g. "flashcard-lms.com" (got "Flashcard_LMS")',
      'production: domain.hostedZoneId: must be a Route 53 hosted zone id such as "Z0123456789ABCDEFGHIJ" (got "abc")',
      'production: domain.apiSubdomain: must be a single lower-case DNS label, e.g. "api" (got "api.v1")',
    ]);
  });

  test('malformed emails, phone numbers and webhooks', () => {
    expect(problems({ alarms: { critical: { emails: ['not-an-email'], smsNumbers: ['0123'], httpsEndpoints: ['http://x.com'] } } })).toEqual([
      'production: alarms.critical.emails.0: must be an email address, e.g. "oncall@flashcard-lms.com" (got "not-an-email")',
      'production: alarms.critical.smsNumbers.0: must be an E.164 phone number, e.g. "+14155550100" (got "0123")',
      'production: alarms.critical.httpsEndpoints.0: must be an https:// URL (got "http://x.com")',
    ]);
  });

  test('malformed account ids', () => {
    expect(problems({ account: '1234' })).toEqual(['production: account: must be a 12-digit AWS account id (got "1234")']);
  });

  test('unknown regions', () => {
    expect(problems({ region: 'eu-west-9' })).toEqual(['production: region: must be a commercial AWS region, e.g. eu-west-1 (got "eu-west-9")']);
  });

  test('AZs that do not belong to the region, and repeated AZs', () => {
    expect(problems({ availabilityZones: ['eu-west-1a', 'us-east-1b', 'eu-west-1a'] })).toEqual([
      'production: availabilityZones.1: is not an availability zone of region eu-west-1; use eu-west-1a, eu-west-1b, ... (got "us-east-1b")',
      'production: availabilityZones: must not repeat an availability zone (got ["eu-west-1a","us-east-1b","eu-west-1a"])',
    ]);
  });

  test('too few AZs', () => {
    expect(problems({ availabilityZones: ['eu-west-1a'], network: { natGateways: 1 } })).toEqual([
      'production: availabilityZones: needs at least 2 availability zones (got ["eu-west-1a"])',
    ]);
  });

  test('sizes the services do not offer', () => {
    const found = problems({ documentDb: { instanceClass: 'db.m5.large', instances: 17 }, cache: { nodeType: 'cache.x1.huge', replicasPerShard: 6 } });
    expect(found).toHaveLength(4);
    expect(found[0]).toMatch(/^production: documentDb\.instanceClass: must be a DocumentDB instance class: db\.t3\.medium, .*db\.r6g\.large.* \(got "db\.m5\.large"\)$/);
    expect(found[1]).toBe('production: documentDb.instances: DocumentDB instance count must be between 1 and 16 (got 17)');
    expect(found[2]).toMatch(/^production: cache\.nodeType: must be an ElastiCache node type: cache\.t4g\.micro, .* \(got "cache\.x1\.huge"\)$/);
    expect(found[3]).toBe('production: cache.replicasPerShard: replicas per shard must be between 0 and 5 (got 6)');
  });

  test('retention values CloudWatch Logs and DocumentDB do not accept', () => {
    expect(problems({ logRetentionDays: 45, network: { flowLogRetentionDays: 0 }, documentDb: { backupRetentionDays: 40 } })).toEqual([
      'production: logRetentionDays: CloudWatch Logs retention (days) must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (got 45)',
      'production: network.flowLogRetentionDays: CloudWatch Logs retention (days) must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (got 0)',
      'production: documentDb.backupRetentionDays: DocumentDB backup retention (days) must be between 1 and 35 (got 40)',
    ]);
  });

  test('malformed maintenance and backup windows', () => {
    expect(problems({ documentDb: { preferredBackupWindow: '3am', preferredMaintenanceWindow: 'sunday 4:00' } })).toEqual([
      'production: documentDb.preferredBackupWindow: must be a UTC window "hh:mm-hh:mm", e.g. "03:00-04:00" (got "3am")',
      'production: documentDb.preferredMaintenanceWindow: must be a UTC window "ddd:hh:mm-ddd:hh:mm", e.g. "sun:04:30-sun:05:30" (got "sunday 4:00")',
    ]);
  });

  test('Multi-AZ cache without a replica, and more NAT gateways than AZs', () => {
    expect(
      problems({ production: false, cache: { multiAz: true, replicasPerShard: 0 }, network: { natGateways: 3 }, availabilityZones: ['eu-west-1a', 'eu-west-1b'] }, STAGING),
    ).toEqual([
      'production: network.natGateways: must not exceed the number of availability zones (2) (got 3)',
      'production: cache.replicasPerShard: Multi-AZ needs at least 1 replica to fail over to (got 0)',
    ]);
  });

  test('every production invariant, all at once', () => {
    expect(
      problems({
        debug: true,
        documentDb: { instances: 1, deletionProtection: false, backupRetentionDays: 3 },
        cache: { multiAz: false, replicasPerShard: 0 },
        network: { natGateways: 1 },
        alarms: { critical: { emails: [], smsNumbers: [], httpsEndpoints: [] } },
      }),
    ).toEqual([
      'production: debug: production must run with debug off (false) (got true)',
      'production: documentDb.instances: production needs at least 2 DocumentDB instances (a primary and a replica in another AZ) (got 1)',
      'production: documentDb.deletionProtection: production must turn on deletion protection (true) (got false)',
      'production: documentDb.backupRetentionDays: production must keep backups at least 7 days (got 3)',
      'production: cache.multiAz: production needs a Multi-AZ cache with automatic failover (true) (got false)',
      'production: cache.replicasPerShard: production needs at least 1 cache replica (got 0)',
      'production: network.natGateways: production needs one NAT gateway per availability zone (3) so losing an AZ does not cut egress (got 1)',
      'production: alarms.critical: production needs at least one critical alarm destination (an email, SMS number or HTTPS webhook) (got {"emails":[],"smsNumbers":[],"httpsEndpoints":[]})',
    ]);
  });

  test('the environment named production cannot opt out of the invariants', () => {
    expect(problems({ production: false })).toEqual(['production: production: the environment named "production" must set production: true (got false)']);
  });
});

describe('config files (-c configFile=)', () => {
  const write = (content: unknown) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-')), 'envs.json');
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  test('adds an environment that extends a built-in, and overrides a built-in field by field', () => {
    const file = write({
      environments: {
        'dev-eu': { extends: 'staging', account: '333333333333', domain: { name: 'dev.flashcard-lms.com', hostedZoneId: 'Z0000000000000000DEV1' } },
        staging: { account: '444444444444' },
      },
    });
    const envs = loadEnvironments({ configFile: file });
    expect(envs.map((e) => e.name)).toEqual(['staging', 'production', 'dev-eu']);
    const dev = envs.find((e) => e.name === 'dev-eu')!;
    expect(dev.account).toBe('333333333333');
    expect(dev.domain).toEqual({ ...STAGING.domain, name: 'dev.flashcard-lms.com', hostedZoneId: 'Z0000000000000000DEV1' });
    expect(envs.find((e) => e.name === 'staging')!.account).toBe('444444444444');
  });

  test('reports every problem of every environment in one error, and builds nothing', () => {
    const file = write({
      environments: {
        'dev-eu': { extends: 'staging', account: 'abc', cache: { nodeType: 'cache.t1.micro' } },
        production: { debug: true },
        qa: { extends: 'nope' },
      },
    });
    let error: ConfigError | undefined;
    try {
      loadEnvironments({ configFile: file });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toEqual([
      'qa: extends: must name a built-in environment: staging, production (got "nope")',
      'production: debug: production must run with debug off (false) (got true)',
      'dev-eu: account: must be a 12-digit AWS account id (got "abc")',
      expect.stringMatching(/^dev-eu: cache\.nodeType: must be an ElastiCache node type: .* \(got "cache\.t1\.micro"\)$/),
    ]);
    expect(error!.message).toMatch(/^Invalid configuration \(4 problems\):\n {2}- qa: extends/);
  });

  test('a file that is not JSON, or has the wrong shape, is named in the error', () => {
    expect(() => loadEnvironments({ configFile: write('{ nope') })).toThrow(/configFile .*envs\.json: cannot be read as JSON/);
    expect(() => loadEnvironments({ configFile: write({ staging: {} }) })).toThrow(
      /configFile .*envs\.json: expected \{"environments": \{"<name>": \{"extends"\?: "<built-in>", \.\.\.fields\}\}\}/,
    );
  });

  test('-c env= selects environments and refuses unknown ones', () => {
    expect(loadEnvironments({ only: ['production'] }).map((e) => e.name)).toEqual(['production']);
    expect(() => loadEnvironments({ only: ['prod'] })).toThrow('env: "prod" is not a configured environment; known: staging, production');
  });
});

test('the example config file of the README is valid', () => {
  const envs = loadEnvironments({ configFile: path.join(__dirname, '../../examples/environments.json') });
  expect(envs.map((e) => e.name)).toEqual(['staging', 'production', 'perf']);
  expect(envs[2].documentDb.instances).toBe(2);
});

describe('service tier config', () => {
  test('production refuses latest, an empty tag or a placeholder', () => {
    expect(problems({ images: { backendTag: 'latest', frontendTag: '' } })).toEqual([
      'production: images.backendTag: production must pin a released image tag (a git SHA or version), not a placeholder or "latest" (got "latest")',
      'production: images.frontendTag: production must pin a released image tag (a git SHA or version), not a placeholder or "latest" (got "")',
    ]);
    expect(problems({ images: { backendTag: 'staging-latest', frontendTag: 'changeme' } })).toHaveLength(2);
  });

  test('-c imageTag= is validated like config', () => {
    expect(() => loadEnvironments({ only: ['production'], imageTag: 'latest' })).toThrow(
      'production: images.backendTag: production must pin a released image tag (a git SHA or version), not a placeholder or "latest" (got "latest")',
    );
    expect(() => loadEnvironments({ only: ['staging'], imageTag: '-bad tag' })).toThrow(
      'staging: images.backendTag: must be an image tag: 1-128 of A-Z a-z 0-9 _ . - not starting with "." or "-" (got "-bad tag")',
    );
  });

  test('CPU/memory pairs Fargate does not offer', () => {
    expect(problems({ services: { backend: { cpu: 1024, memoryMiB: 1024 }, frontend: { cpu: 300 } } })).toEqual([
      'production: services.backend.memoryMiB: Fargate offers 2048-8192 in steps of 1024 MiB with cpu 1024 (got 1024)',
      'production: services.frontend.cpu: Fargate offers cpu 256, 512, 1024, 2048, 4096, 8192, 16384 (got 300)',
    ]);
    expect(problems({ services: { frontend: { memoryMiB: 4096 } } })).toEqual([
      'production: services.frontend.memoryMiB: Fargate offers 512, 1024, 2048 MiB with cpu 256 (got 4096)',
    ]);
  });

  test('bad CORS origins', () => {
    expect(problems({ services: { corsOrigins: ['http://flashcard-lms.com', 'not a url'] } })).toEqual([
      'production: services.corsOrigins.0: must be an https:// origin, e.g. "https://flashcard-lms.com" (got "http://flashcard-lms.com")',
      'production: services.corsOrigins.1: must be an https:// origin, e.g. "https://flashcard-lms.com" (got "not a url")',
    ]);
  });

  test('task counts out of order, and too few tasks in production', () => {
    expect(problems({ services: { backend: { minCount: 1, desiredCount: 20, maxCount: 12 } } })).toEqual([
      'production: services.backend.desiredCount: must lie between minCount (1) and maxCount (12) (got 20)',
      'production: services.backend.minCount: production needs at least 2 tasks so one AZ or task can fail without an outage (got 1)',
    ]);
  });

  test('Fargate Spot: never with ARM64, never the only provider in production', () => {
    expect(problems({ services: { capacityProviders: [{ provider: 'FARGATE_SPOT', weight: 1, base: 0 }] } })).toEqual([
      'production: services.capacityProviders.0.provider: Fargate Spot runs only X86_64 tasks; use cpuArchitecture "X86_64" or FARGATE (got "FARGATE_SPOT")',
      'production: services.capacityProviders: production must place tasks on FARGATE (weight or base above 0); Spot may only add to it (got [{"provider":"FARGATE_SPOT","weight":1,"base":0}])',
    ]);
  });

  test('unknown capacity provider and architecture', () => {
    expect(problems({ services: { cpuArchitecture: 'arm', capacityProviders: [{ provider: 'EC2', weight: 1, base: 0 }] } })).toEqual([
      'production: services.cpuArchitecture: must be "ARM64" or "X86_64" (got "arm")',
      'production: services.capacityProviders.0.provider: must be "FARGATE" or "FARGATE_SPOT" (got "EC2")',
      'production: services.capacityProviders: production must place tasks on FARGATE (weight or base above 0); Spot may only add to it (got [{"provider":"EC2","weight":1,"base":0}])',
    ]);
  });

  test('rate limits', () => {
    expect(problems({ services: { rateLimitPerMinute: 5, rateLimitPerHour: 3 } })).toEqual([
      'production: services.rateLimitPerMinute: must be at least 10 (the smallest WAF rate limit) (got 5)',
      'production: services.rateLimitPerHour: must be at least 10 (got 3)',
      'production: services.rateLimitPerHour: must be at least rateLimitPerMinute (5) (got 3)',
    ]);
  });
});

describe('cost options: engine versions, off-hours, NAT, guardrails', () => {
  test('DocumentDB instance classes per engine version', () => {
    expect(problems({ documentDb: { engineVersion: '8.0', instanceClass: 'db.r5.large' } }, STAGING)).toEqual([
      'production: documentDb.instanceClass: is not offered on DocumentDB 8.0; use one of db.t4g.medium, db.r6g.large, db.r6g.xlarge, db.r6g.2xlarge, db.r6g.4xlarge, db.r6g.8xlarge, db.r6g.12xlarge, db.r6g.16xlarge, db.r6gd.xlarge, db.r6gd.2xlarge, db.r6gd.4xlarge, db.r6gd.8xlarge, db.r6gd.12xlarge, db.r6gd.16xlarge, db.r8g.large, db.r8g.xlarge, db.r8g.2xlarge, db.r8g.4xlarge, db.r8g.8xlarge, db.r8g.12xlarge, db.r8g.16xlarge (got "db.r5.large")',
    ]);
    // Omitted means 8.0; 5.0 still takes the older classes.
    expect(problems({ documentDb: { instanceClass: 'db.t3.medium' } }, STAGING)).toEqual([
      expect.stringMatching(/^production: documentDb\.instanceClass: is not offered on DocumentDB 8\.0;/),
    ]);
    expect(problems({ documentDb: { engineVersion: '5.0', instanceClass: 'db.t3.medium' } }, STAGING)).toEqual([]);
    expect(problems({ documentDb: { engineVersion: '6.0' } })).toEqual(['production: documentDb.engineVersion: must be one of 8.0, 5.0 (got "6.0")']);
    expect(problems({ documentDb: { instanceClass: 'db.serverless' } })).toEqual([
      expect.stringMatching(/^production: documentDb\.instanceClass: must be a DocumentDB instance class: .* \(got "db\.serverless"\)$/),
    ]);
  });

  test('the off-hours schedule is refused in production', () => {
    const offHours = { timezone: 'Europe/Dublin', days: ['MON'], startAt: '08:00', stopAt: '18:00' };
    expect(problems({ offHours })).toEqual([
      'production: offHours: must not be set in production: its services and database run around the clock (got {"timezone":"Europe/Dublin","days":["MON"],"startAt":"08:00","stopAt":"18:00"})',
    ]);
    expect(problems({ offHours }, STAGING)).toEqual([]);
  });

  test('off-hours fields: time zone, days, times, and every step on the same day', () => {
    expect(problems({ offHours: { timezone: 'Mars/Olympus', days: ['MON', 'MON', 'FUN'], startAt: '8:00', stopAt: '24:00' } }, STAGING)).toEqual([
      'production: offHours.timezone: must be an IANA time zone, e.g. "Europe/Berlin" or "UTC" (got "Mars/Olympus")',
      'production: offHours.days.2: must be one of MON, TUE, WED, THU, FRI, SAT, SUN (got "FUN")',
      'production: offHours.startAt: must be "hh:mm" (24 h) (got "8:00")',
      'production: offHours.stopAt: must be "hh:mm" (24 h) (got "24:00")',
    ]);
    expect(problems({ offHours: { days: ['MON', 'MON'] } }, STAGING)).toEqual(['production: offHours.days: must not repeat a day (got ["MON","MON"])']);
    expect(problems({ offHours: { days: [] } }, STAGING)).toEqual(['production: offHours.days: needs at least one day (got [])']);
    expect(problems({ offHours: { startAt: '00:10', stopAt: '23:50' } }, STAGING)).toEqual([
      'production: offHours.startAt: must be 00:20 or later: DocumentDB starts 20 minutes before, on the same day (got "00:10")',
      'production: offHours.stopAt: must be 23:44 or earlier: DocumentDB stops 15 minutes after, on the same day (got "23:50")',
    ]);
    expect(problems({ offHours: { startAt: '09:00', stopAt: '09:30' } }, STAGING)).toEqual([
      'production: offHours.stopAt: must be at least 60 minutes after startAt (09:00) (got "09:30")',
    ]);
  });

  test('NAT instances only outside production', () => {
    expect(problems({ network: { natProvider: 'instance' } })).toEqual([
      'production: network.natProvider: production needs managed NAT gateways ("gateway"): a NAT instance is one machine to patch and lose (got "instance")',
    ]);
    expect(problems({ network: { natProvider: 'squid' } }, STAGING)).toEqual(['production: network.natProvider: must be "gateway" or "instance" (got "squid")']);
  });

  test('cost guardrails', () => {
    expect(problems({ costGuardrails: { monthlyBudgetUsd: 0, anomalyThresholdUsd: 'high' } })).toEqual([
      'production: costGuardrails.monthlyBudgetUsd: must be at least 1 (USD) (got 0)',
      'production: costGuardrails.anomalyThresholdUsd: must be a number (got "high")',
    ]);
    expect(problems({ costGuardrails: { monthlyBudgetUsd: 12.5 } })).toEqual(['production: costGuardrails.monthlyBudgetUsd: must be a whole number of USD (got 12.5)']);
    expect(problems({ costGuardrails: { monthlyBudgetUsd: null, anomalyThresholdUsd: null } })).toEqual([]);
    expect(problems({ costGuardrails: { anomalyThresholdUsd: 10 } }, { ...PRODUCTION, costGuardrails: undefined })).toEqual([
      'production: costGuardrails.monthlyBudgetUsd: must be a number (got missing)',
    ]);
  });

  test('Container Insights mode', () => {
    expect(problems({ services: { containerInsights: 'disabled' } })).toEqual([
      'production: services.containerInsights: must be "enhanced" or "enabled" (the alarms read its service metrics) (got "disabled")',
    ]);
    expect(problems({ services: { containerInsights: 'enabled' } })).toEqual([]);
  });
});
