import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { crossEnvironmentProblems, DOCKERFILES, inputProblems } from '../../lib/config/input-problems';
import { ConfigProblem } from '../../lib/config/problems';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'input-checks-'));
const at = (problems: readonly ConfigProblem[]): string[] => problems.map((p) => `${p.path}: ${p.message}`);
const TAKEN = 'is taken by the www host (domain.includeWww is true); choose another label or set includeWww to false';

describe('host labels', () => {
  test('www is checked only when includeWww is exactly true, for each label', () => {
    expect(at(inputProblems({ domain: { includeWww: true, apiSubdomain: 'www', statusSubdomain: 'status' } }))).toEqual([`domain.apiSubdomain: ${TAKEN}`]);
    expect(at(inputProblems({ domain: { includeWww: true, apiSubdomain: 'api', statusSubdomain: 'www' } }))).toEqual([`domain.statusSubdomain: ${TAKEN}`]);
    expect(inputProblems({ domain: { includeWww: 'true', apiSubdomain: 'www', statusSubdomain: 'status' } })).toEqual([]);
  });

  test('missing or non-string labels are the schema’s to report', () => {
    expect(inputProblems({ domain: { includeWww: true } })).toEqual([]);
    expect(inputProblems({ domain: { apiSubdomain: 1, statusSubdomain: 1 } })).toEqual([]);
    expect(inputProblems({ domain: null })).toEqual([]);
    expect(inputProblems({ domain: 'flashcard-lms.com' })).toEqual([]);
  });
});

describe('VPC range against the zones', () => {
  test('the plan is sized for the listed zones, or for 2 when none are listed', () => {
    const tooSmall = (n: number, prefix: number) =>
      `network.cidr: is too small for the subnet plan (a /24 public, a /20 private, a /24 isolated subnet per AZ, in ${n} AZs); use a /${prefix} or larger`;
    expect(at(inputProblems({ network: { cidr: '10.0.0.0/18' }, availabilityZones: ['a', 'b', 'c'] }))).toEqual([tooSmall(3, 17)]);
    expect(at(inputProblems({ network: { cidr: '10.0.0.0/19' }, availabilityZones: [] }))).toEqual([tooSmall(2, 18)]);
    expect(at(inputProblems({ network: { cidr: '10.0.0.0/19' }, availabilityZones: 'a' }))).toEqual([tooSmall(2, 18)]);
    expect(at(inputProblems({ network: { cidr: '10.0.0.0/18' }, availabilityZones: ['a', 'b'] }))).toEqual([]);
    expect(inputProblems({ network: { cidr: '10.0.0.0/19' } })[0]).toEqual({
      path: 'network.cidr',
      value: '10.0.0.0/19',
      message: expect.stringMatching(/^is too small/),
    });
    expect(inputProblems({ network: { cidr: 10 } })).toEqual([]);
  });
});

describe('lists that must not repeat', () => {
  test.each(['critical', 'warning'].flatMap((topic) => ['emails', 'smsNumbers', 'httpsEndpoints'].map((kind) => [topic, kind])))('alarms.%s.%s', (topic, kind) => {
    expect(inputProblems({ alarms: { [topic]: { [kind]: ['x', 'y', 'x', 'x'] } } })).toEqual([
      { path: `alarms.${topic}.${kind}.2`, value: 'x', message: 'repeats an earlier entry ("x"); give each once' },
      { path: `alarms.${topic}.${kind}.3`, value: 'x', message: 'repeats an earlier entry ("x"); give each once' },
    ]);
  });

  test('entries that are not strings, and lists that are not arrays, are the schema’s to report', () => {
    expect(inputProblems({ services: { corsOrigins: [1, 1, null, null], capacityProviders: [{ provider: 1 }, { provider: 1 }, null, null] } })).toEqual([]);
    expect(inputProblems({ services: { corsOrigins: 'x' }, alarms: { critical: { emails: 'a' } } })).toEqual([]);
    expect(inputProblems({ alarms: null, services: null })).toEqual([]);
  });

  test('capacity providers repeat by provider, whatever their weights', () => {
    expect(
      at(inputProblems({ services: { capacityProviders: [{ provider: 'FARGATE_SPOT', weight: 1 }, { provider: 'FARGATE' }, { provider: 'FARGATE_SPOT', weight: 2 }] } })),
    ).toEqual(['services.capacityProviders.2: repeats an earlier entry ("FARGATE_SPOT"); give each once']);
  });
});

describe('build directory', () => {
  test('an empty value is the schema’s; a file is no directory; each missing Dockerfile is named', () => {
    expect(inputProblems({ images: { buildFrom: '' } })).toEqual([]);
    const file = path.join(tmp, 'plain-file');
    fs.writeFileSync(file, 'x');
    expect(at(inputProblems({ images: { buildFrom: file } }))).toEqual([
      `images.buildFrom: must be an existing directory (relative paths start at ${process.cwd()}); nothing is at ${file}`,
    ]);
    const empty = fs.mkdtempSync(path.join(tmp, 'empty-'));
    expect(DOCKERFILES).toEqual(['backend/Dockerfile.backend', 'frontend/Dockerfile.frontend']);
    expect(at(inputProblems({ images: { buildFrom: empty } }))).toEqual([
      `images.buildFrom: must hold backend/Dockerfile.backend and frontend/Dockerfile.frontend; missing backend/Dockerfile.backend, frontend/Dockerfile.frontend below ${empty}`,
    ]);
  });

  test('a relative path starts at the working directory', () => {
    const relative = path.relative(process.cwd(), fs.mkdtempSync(path.join(tmp, 'rel-')));
    expect(at(inputProblems({ images: { buildFrom: relative } }))[0]).toMatch(new RegExp(`below ${path.resolve(relative).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });
});

describe('hosted zones across environments', () => {
  const envs = (...entries: Array<[string, unknown]>) => new Map<string, unknown>(entries);

  test('one account may use a zone in many environments; a second account is named with a fallback domain', () => {
    expect(
      crossEnvironmentProblems(
        envs(
          ['a', { account: '111111111111', domain: { hostedZoneId: 'Z1' } }],
          ['b', { account: '111111111111', domain: { hostedZoneId: 'Z1' } }],
          ['c', { account: '222222222222', domain: { hostedZoneId: 'Z1' } }],
        ),
      ),
    ).toEqual([
      {
        environment: 'c',
        path: 'domain.hostedZoneId',
        value: 'Z1',
        message:
          'is the hosted zone of a in account 111111111111; c deploys to account 222222222222 and cannot write records into it. ' +
          "Create a hosted zone for c's domain in account 222222222222, delegate it from the parent zone with an NS record, and name that zone here",
      },
    ]);
  });

  test('entries the schema refuses are left to it: not an object, no zone, a malformed account', () => {
    expect(
      crossEnvironmentProblems(
        envs(
          ['a', { account: '111111111111', domain: { hostedZoneId: 'Z1' } }],
          ['b', null],
          ['c', 'x'],
          ['d', { account: '222222222222', domain: { hostedZoneId: 1 } }],
          ['d2', { account: '333333333333', domain: { hostedZoneId: 1 } }],
          ['e', { account: '2222', domain: { hostedZoneId: 'Z1' } }],
          ['f', { account: 222222222222, domain: { hostedZoneId: 'Z1' } }],
          ['g', { account: 'x222222222222', domain: { hostedZoneId: 'Z1' } }],
          ['h', { account: '2222222222222', domain: { hostedZoneId: 'Z1' } }],
          ['i', { account: '222222222222' }],
        ),
      ),
    ).toEqual([]);
  });
});
