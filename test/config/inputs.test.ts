import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, loadEnvironments } from '../../lib/config';
import { readContext } from '../../lib/config/context';
import { crossEnvironmentProblems } from '../../lib/config/input-problems';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { largestPrefixFor, SUBNET_PLAN } from '../../lib/config/network-plan';
import { loadRelease } from '../../lib/config/release';
import { parseStrictJson } from '../../lib/config/strict-json';
import { ConfigProblem, formatProblem } from '../../lib/config/problems';
import { problemsWith } from '../helpers/configs';

const texts = (problems: readonly ConfigProblem[]): string[] => problems.map(formatProblem);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inputs-'));
function file(name: string, text: string): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, text);
  return p;
}
function loadProblems(options: Parameters<typeof loadEnvironments>[0]): readonly string[] {
  try {
    loadEnvironments(options);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('context values (-c key=value)', () => {
  test('CLI strings and cdk.json booleans are read alike', () => {
    expect(readContext({ migrate: 'false' })).toEqual({
      inputs: { load: { configFile: undefined, only: undefined, imageTag: undefined }, migrate: false, guardRules: [] },
      problems: [],
    });
    const read = (migrate: unknown) => {
      const { inputs, problems } = readContext(migrate === undefined ? {} : { migrate });
      return { migrate: inputs.migrate, problems };
    };
    expect(read(false)).toEqual({ migrate: false, problems: [] });
    expect(read('true')).toEqual({ migrate: true, problems: [] });
    expect(read(true)).toEqual({ migrate: true, problems: [] });
    expect(read(undefined)).toEqual({ migrate: true, problems: [] });
  });

  test('a migrate value that is not exactly true or false is refused, never read as "migrate"', () => {
    for (const value of ['no', 'False', '0', 0, '']) {
      const problems = texts(readContext({ migrate: value }).problems);
      expect(problems).toEqual([`-c migrate: must be exactly true or false; false deploys without running the database migration (got ${JSON.stringify(value)})`]);
    }
  });

  test('environment lists: names given twice, empty entries and bad names', () => {
    const { inputs, problems: found } = readContext({ env: 'staging,production,staging,,Prod' });
    const problems = texts(found);
    expect(problems).toEqual([
      '-c env: names "staging" twice; give each environment once (got "staging,production,staging,,Prod")',
      '-c env: "" is not an environment name: 2-20 characters of a-z, 0-9 and "-", starting with a letter, separated by commas (got "staging,production,staging,,Prod")',
      '-c env: "Prod" is not an environment name: 2-20 characters of a-z, 0-9 and "-", starting with a letter, separated by commas (got "staging,production,staging,,Prod")',
    ]);
    expect(inputs.load.only).toEqual(['staging', 'production']);
  });

  test('image tags, config file paths and unknown keys', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'dir-'));
    expect(
      texts(readContext({ imageTag: 'v1 2', configFile: path.join(tmp, 'absent.json'), imagetag: 'abc', '@aws-cdk/core:flag': true, 'aws:cdk:bundling-stacks': [] }).problems),
    ).toEqual([
      '-c imagetag: is not a context key of this app; it reads configFile, env, imageTag, migrate, guardRules (got "abc")',
      '-c imageTag: must be an image tag: 1-128 of A-Z a-z 0-9 _ . - not starting with "." or "-", e.g. a git SHA (got "v1 2")',
      `-c configFile: must be an existing JSON file (relative paths start at ${process.cwd()}); nothing is at ${path.join(tmp, 'absent.json')} (got ${JSON.stringify(path.join(tmp, 'absent.json'))})`,
    ]);
    expect(texts(readContext({ configFile: dir }).problems)).toEqual([`-c configFile: must be a JSON file; ${dir} is a directory (got ${JSON.stringify(dir)})`]);
    expect(texts(readContext({ imageTag: 42 }).problems)).toEqual([
      '-c imageTag: must be an image tag: 1-128 of A-Z a-z 0-9 _ . - not starting with "." or "-", e.g. a git SHA (got 42)',
    ]);
  });
});

describe('JSON that an object would silently change', () => {
  test('duplicate keys at any depth, with their path', () => {
    const text = '{"environments": {"staging": {"debug": false, "debug": true, "domain": {"name": "a.com"}}, "x": [{"k": 1, "k": 2}], "staging": {}}}';
    expect(texts(parseStrictJson(text, 'envs.json').problems)).toEqual([
      'envs.json: environments.staging.debug: is given twice in the same object; JSON readers keep only the last, so remove one',
      'envs.json: environments.x.0.k: is given twice in the same object; JSON readers keep only the last, so remove one',
      'envs.json: environments.staging: is given twice in the same object; JSON readers keep only the last, so remove one',
    ]);
  });

  test('__proto__, constructor and prototype keys', () => {
    const { value, problems } = parseStrictJson('{"__proto__": {"debug": true}, "a": {"constructor": 1, "b": [{"prototype": "x"}]}}', 'f.json');
    expect(texts(problems)).toEqual([
      'f.json: __proto__: "__proto__" is not allowed as a key (it names JavaScript object internals, not a field)',
      'f.json: a.constructor: "constructor" is not allowed as a key (it names JavaScript object internals, not a field)',
      'f.json: a.b.0.prototype: "prototype" is not allowed as a key (it names JavaScript object internals, not a field)',
    ]);
    expect(value).toBeUndefined();
  });

  test('escaped keys, strings holding braces and scalars are read correctly', () => {
    const text = '{"a\\"b": "{not: an object}", "n": -1.5e3, "t": true, "z": null, "s": "\\u005f\\u005fproto\\u005f\\u005f"}';
    expect(parseStrictJson(text, 'f.json')).toEqual({ value: JSON.parse(text), problems: [] });
    expect(texts(parseStrictJson('{"\\u005f_proto__": 1}', 'f.json').problems)).toEqual([
      'f.json: __proto__: "__proto__" is not allowed as a key (it names JavaScript object internals, not a field)',
    ]);
  });

  test('syntax errors name the file', () => {
    expect(texts(parseStrictJson('{"a": }', 'f.json').problems)[0]).toMatch(/^f\.json: cannot be read as JSON: /);
  });

  test('a config file with a duplicate environment or a __proto__ key is refused', () => {
    const f = file('dup.json', '{"environments": {"perf": {"extends": "staging"}, "perf": {"extends": "production"}}}');
    expect(loadProblems({ configFile: f })).toEqual([`configFile ${f}: environments.perf: is given twice in the same object; JSON readers keep only the last, so remove one`]);
    const g = file('proto.json', '{"environments": {"staging": {"__proto__": {"production": true}}}}');
    expect(loadProblems({ configFile: g })).toEqual([
      `configFile ${g}: environments.staging.__proto__: "__proto__" is not allowed as a key (it names JavaScript object internals, not a field)`,
    ]);
  });

  test('release.json is read as strictly', () => {
    const f = file('release.json', '{"staging": {"backend": "abc", "frontend": "def", "backend": "old"}}');
    expect(() => loadRelease(f)).toThrow('release.json: staging.backend: is given twice in the same object; JSON readers keep only the last, so remove one');
  });
});

describe('host names the load balancer routes on', () => {
  test('the API and the status page need labels of their own', () => {
    expect(problemsWith('staging', { domain: { apiSubdomain: 'status' } })).toEqual([
      'staging: domain.statusSubdomain: must differ from domain.apiSubdomain: the API and the status page need host names of their own (got "status")',
    ]);
  });

  test('"www" is taken when includeWww is on, and free when it is off', () => {
    expect(problemsWith('production', { domain: { apiSubdomain: 'www', statusSubdomain: 'www' } })).toEqual([
      'production: domain.apiSubdomain: is taken by the www host (domain.includeWww is true); choose another label or set includeWww to false (got "www")',
      'production: domain.statusSubdomain: is taken by the www host (domain.includeWww is true); choose another label or set includeWww to false (got "www")',
      'production: domain.statusSubdomain: must differ from domain.apiSubdomain: the API and the status page need host names of their own (got "www")',
    ]);
    expect(problemsWith('staging', { domain: { statusSubdomain: 'www' } })).toEqual([]);
  });
});

describe('lists whose entries each become a construct', () => {
  test('alarm destinations, CORS origins and capacity providers must not repeat', () => {
    const overrides = {
      alarms: { critical: { emails: ['a@flashcard-lms.com', 'a@flashcard-lms.com'], smsNumbers: [], httpsEndpoints: [] } },
      services: {
        corsOrigins: ['https://flashcard-lms.com', 'https://flashcard-lms.com'],
        capacityProviders: [
          { provider: 'FARGATE', weight: 1, base: 1 },
          { provider: 'FARGATE', weight: 1, base: 0 },
        ],
      },
    };
    expect(problemsWith('staging', overrides)).toEqual([
      'staging: alarms.critical.emails.1: repeats an earlier entry ("a@flashcard-lms.com"); give each once (got "a@flashcard-lms.com")',
      'staging: services.corsOrigins.1: repeats an earlier entry ("https://flashcard-lms.com"); give each once (got "https://flashcard-lms.com")',
      'staging: services.capacityProviders.1: repeats an earlier entry ("FARGATE"); give each once (got {"provider":"FARGATE","weight":1,"base":0})',
    ]);
  });
});

describe('inputs that would be accepted and misread', () => {
  test('a name field that differs from its entry key', () => {
    const f = file('named.json', JSON.stringify({ environments: { perf: { extends: 'staging', name: 'load', account: '111111111111' } } }));
    expect(loadProblems({ configFile: f, only: ['perf'] })).toEqual(['perf: name: is taken from the entry\'s key ("perf"); remove it or make it equal (got "load")']);
  });

  test('-c imageTag for an environment that builds its images from a checkout', () => {
    const checkout = fs.mkdtempSync(path.join(tmp, 'build-'));
    for (const f of ['backend/Dockerfile.backend', 'frontend/Dockerfile.frontend']) {
      fs.mkdirSync(path.dirname(path.join(checkout, f)), { recursive: true });
      fs.writeFileSync(path.join(checkout, f), 'FROM scratch\n');
    }
    const f = file('build.json', JSON.stringify({ environments: { staging: { images: { buildFrom: checkout } } } }));
    expect(loadProblems({ configFile: f, only: ['staging'], imageTag: 'abc123' })).toEqual([
      'env: "staging" builds its images from images.buildFrom, so -c imageTag would be ignored; deploy it without imageTag or remove buildFrom (got "abc123")',
    ]);
    expect(loadProblems({ configFile: f, only: ['staging'] })).toEqual([]);
  });
});

describe('VPC range', () => {
  test('malformed ranges and host bits', () => {
    expect(problemsWith('staging', { network: { cidr: '10.300.0.0/16' } })).toEqual([
      'staging: network.cidr: must be an IPv4 CIDR block a.b.c.d/n with each of a-d from 0 to 255, e.g. "10.10.0.0/16" (got "10.300.0.0/16")',
    ]);
    expect(problemsWith('staging', { network: { cidr: '10.20.4.0/16' } })).toEqual([
      'staging: network.cidr: has host bits set; the block starting at the network address is 10.20.0.0/16 (got "10.20.4.0/16")',
    ]);
    expect(problemsWith('staging', { network: { cidr: '10.0.0.0/8' } })).toEqual([
      'staging: network.cidr: must have a prefix from /16 to /28 (the sizes a VPC accepts) (got "10.0.0.0/8")',
    ]);
    expect(problemsWith('staging', { network: { cidr: 16 } })).toEqual(['staging: network.cidr: must be a string (got 16)']);
  });

  test("the arithmetic plan agrees with the VPC construct's own allocator", () => {
    const allocatorFits = (prefix: number, azCount: number): boolean => {
      const azs = Array.from({ length: azCount }, (_, i) => `az${i}`);
      try {
        ec2.IpAddresses.cidr(`10.0.0.0/${prefix}`).allocateSubnetsCidr({
          vpcCidr: `10.0.0.0/${prefix}`,
          requestedSubnets: SUBNET_PLAN.flatMap((e) =>
            azs.map((az) => ({ availabilityZone: az, subnetConstructId: `${e.name}${az}`, configuration: { name: e.name, subnetType: e.subnetType, cidrMask: e.cidrMask } })),
          ),
        });
        return true;
      } catch {
        return false;
      }
    };
    for (const azCount of [2, 3]) {
      const smallest = [...Array(13).keys()].map((i) => 28 - i).find((prefix) => allocatorFits(prefix, azCount));
      expect(largestPrefixFor(azCount)).toBe(smallest);
    }
  });

  test('validation raises no CDK error on the way: the CLI would record it in cdk.out/error.txt', () => {
    const errorFile = path.join(tmp, 'error.txt');
    const saved = process.env.CDK_ERROR_FILE;
    process.env.CDK_ERROR_FILE = errorFile;
    try {
      loadEnvironments();
      expect(problemsWith('staging', { network: { cidr: '10.20.0.0/19' } })).toHaveLength(1);
    } finally {
      if (saved === undefined) delete process.env.CDK_ERROR_FILE;
      else process.env.CDK_ERROR_FILE = saved;
    }
    expect(fs.existsSync(errorFile)).toBe(false);
  });

  test('the smallest range follows the subnet plan and the number of AZs', () => {
    // 2 AZs: 2 x /24 public, 2 x /20 private (aligned), 2 x /24 isolated fit a /18; 3 AZs spill over it.
    expect([largestPrefixFor(2), largestPrefixFor(3)]).toEqual([18, 17]);
    expect(problemsWith('staging', { network: { cidr: '10.20.0.0/18' } })).toEqual([]);
    expect(problemsWith('staging', { network: { cidr: '10.20.0.0/19' } })).toEqual([
      'staging: network.cidr: is too small for the subnet plan (a /24 public, a /20 private, a /24 isolated subnet per AZ, in 2 AZs); use a /18 or larger (got "10.20.0.0/19")',
    ]);
    expect(problemsWith('production', { network: { cidr: '10.30.0.0/18' } })).toEqual([
      'production: network.cidr: is too small for the subnet plan (a /24 public, a /20 private, a /24 isolated subnet per AZ, in 3 AZs); use a /17 or larger (got "10.30.0.0/18")',
    ]);
  });
});

describe('paths', () => {
  test('images.buildFrom must be a checkout with both Dockerfiles', () => {
    const absent = path.join(tmp, 'no-such-checkout');
    expect(problemsWith('staging', { images: { buildFrom: absent } })).toEqual([
      `staging: images.buildFrom: must be an existing directory (relative paths start at ${process.cwd()}); nothing is at ${absent} (got ${JSON.stringify(absent)})`,
    ]);
    const checkout = fs.mkdtempSync(path.join(tmp, 'checkout-'));
    fs.mkdirSync(path.join(checkout, 'backend'));
    fs.writeFileSync(path.join(checkout, 'backend', 'Dockerfile.backend'), 'FROM scratch\n');
    expect(problemsWith('staging', { images: { buildFrom: checkout } })).toEqual([
      `staging: images.buildFrom: must hold backend/Dockerfile.backend and frontend/Dockerfile.frontend; missing frontend/Dockerfile.frontend below ${checkout} (got ${JSON.stringify(checkout)})`,
    ]);
    fs.mkdirSync(path.join(checkout, 'frontend'));
    fs.writeFileSync(path.join(checkout, 'frontend', 'Dockerfile.frontend'), 'FROM scratch\n');
    expect(problemsWith('staging', { images: { buildFrom: checkout } })).toEqual([]);
  });
});

describe('hosted zones', () => {
  test('the built-in environments each name a zone of their own account', () => {
    expect(loadProblems({})).toEqual([]);
  });

  test('a zone named from two accounts is refused, with the delegation fix', () => {
    const envs = new Map<string, unknown>([
      ['production', { account: '222222222222', domain: { name: 'flashcard-lms.com', hostedZoneId: 'Z1' } }],
      ['staging', { account: '111111111111', domain: { name: 'staging.flashcard-lms.com', hostedZoneId: 'Z1' } }],
      ['perf', { account: '222222222222', domain: { name: 'perf.flashcard-lms.com', hostedZoneId: 'Z1' } }],
    ]);
    expect(texts(crossEnvironmentProblems(envs))).toEqual([
      'staging: domain.hostedZoneId: is the hosted zone of production in account 222222222222; staging deploys to account 111111111111 and cannot write records into it. ' +
        'Create a hosted zone for staging.flashcard-lms.com in account 111111111111, delegate it from the parent zone with an NS record, and name that zone here (got "Z1")',
    ]);
  });

  test('through a config file, whichever environments are selected', () => {
    const f = file('zones.json', JSON.stringify({ environments: { staging: { domain: { hostedZoneId: 'Z0000000000000000FLMS' } } } }));
    // Environments are compared in order (built-ins first), so the later one is named.
    expect(loadProblems({ configFile: f, only: ['production'] })).toEqual([
      'production: domain.hostedZoneId: is the hosted zone of staging in account 111111111111; production deploys to account 222222222222 and cannot write records into it. ' +
        'Create a hosted zone for flashcard-lms.com in account 222222222222, delegate it from the parent zone with an NS record, and name that zone here (got "Z0000000000000000FLMS")',
    ]);
  });
});
