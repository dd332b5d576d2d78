import { backupProblems, crossFieldProblems, PLACEHOLDER_TAG, PRODUCTION_RULES } from '../../lib/config/invariants';
import { DOCDB_INSTANCE_CLASSES_BY_VERSION } from '../../lib/config/allowed-values';

type Raw = Record<string, any>;
const found = (env: Raw): string[] => crossFieldProblems(env).map((p) => `${p.path}=${JSON.stringify(p.value)}: ${p.message}`);
/** A production environment that passes every production rule; tests change one thing. */
const PROD: Raw = {
  name: 'production',
  production: true,
  region: 'eu-west-1',
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  debug: false,
  documentDb: { instances: 2, deletionProtection: true, backupRetentionDays: 7 },
  cache: { multiAz: true, replicasPerShard: 1 },
  network: { natGateways: 2 },
  alarms: { critical: { emails: ['oncall@flashcard-lms.com'] } },
};
const prod = (override: Raw): string[] => found({ ...PROD, ...override });

describe('zones, NAT and the cache', () => {
  test('zones must belong to a known region and not repeat', () => {
    expect(found({ region: 'eu-west-1', availabilityZones: ['eu-west-1a', 'us-east-1a', 7, 'eu-west-1a'] })).toEqual([
      'availabilityZones.1="us-east-1a": is not an availability zone of region eu-west-1; use eu-west-1a, eu-west-1b, ...',
      'availabilityZones=["eu-west-1a","us-east-1a",7,"eu-west-1a"]: must not repeat an availability zone',
    ]);
    expect(found({ region: 'eu-west-1', availabilityZones: ['eu-west-1f', 'xeu-west-1a', 'eu-west-1ab', 'eu-west-1g', 'eu-west-1'] })).toEqual(
      ['xeu-west-1a', 'eu-west-1ab', 'eu-west-1g', 'eu-west-1'].map(
        (az, i) => `availabilityZones.${i + 1}="${az}": is not an availability zone of region eu-west-1; use eu-west-1a, eu-west-1b, ...`,
      ),
    );
    expect(found({ region: 'xx-nowhere-1', availabilityZones: ['us-east-1a'] })).toEqual([]);
    expect(found({ region: 'eu-west-1', availabilityZones: 'eu-west-1a' })).toEqual([]);
  });

  test('at most one NAT gateway per zone', () => {
    const azs = ['eu-west-1a', 'eu-west-1b'];
    expect(found({ region: 'eu-west-1', availabilityZones: azs, network: { natGateways: 2 } })).toEqual([]);
    expect(found({ region: 'eu-west-1', availabilityZones: azs, network: { natGateways: 3 } })).toEqual([
      'network.natGateways=3: must not exceed the number of availability zones (2)',
    ]);
    expect(found({ availabilityZones: [], network: { natGateways: 3 } })).toEqual([]);
    expect(found({ region: 'eu-west-1', availabilityZones: azs, network: { natGateways: '3' } })).toEqual([]);
  });

  test('a Multi-AZ cache needs a replica', () => {
    expect(found({ cache: { multiAz: true, replicasPerShard: 0 } })).toEqual(['cache.replicasPerShard=0: Multi-AZ needs at least 1 replica to fail over to']);
    expect(found({ cache: { multiAz: true, replicasPerShard: 1 } })).toEqual([]);
    expect(found({ cache: { multiAz: false, replicasPerShard: 0 } })).toEqual([]);
  });

  test("the second canary region differs from the environment's", () => {
    expect(found({ region: 'eu-west-1', canary: { secondRegion: 'eu-west-1' } })).toEqual([
      'canary.secondRegion="eu-west-1": must differ from the environment\'s region (eu-west-1): the canary already runs there',
    ]);
    expect(found({ region: 'eu-west-1', canary: { secondRegion: 'us-east-1' } })).toEqual([]);
    expect(found({ canary: { secondRegion: null } })).toEqual([]);
  });
});

describe('production', () => {
  test('the baseline passes; the environment named production must say so', () => {
    expect(prod({})).toEqual([]);
    expect(found({ name: 'production', production: false })).toEqual(['production=false: the environment named "production" must set production: true']);
    expect(found({ name: 'production' })).toEqual(['production=undefined: the environment named "production" must set production: true']);
    expect(found({ name: 'prod', production: false })).toEqual([]);
  });

  test('each single-field rule at its limit', () => {
    expect(PRODUCTION_RULES.map((r) => r.path)).toEqual([
      'debug',
      'documentDb.instances',
      'documentDb.deletionProtection',
      'documentDb.backupRetentionDays',
      'cache.multiAz',
      'cache.replicasPerShard',
      'network.natProvider',
      'network.natGateways',
    ]);
    expect(prod({ debug: 'false' })).toEqual(['debug="false": production must run with debug off (false)']);
    expect(prod({ documentDb: { ...PROD.documentDb, instances: 1 } })).toEqual([
      'documentDb.instances=1: production needs at least 2 DocumentDB instances (a primary and a replica in another AZ)',
    ]);
    expect(prod({ documentDb: { ...PROD.documentDb, instances: '1' } })).toEqual([]);
    expect(prod({ documentDb: { ...PROD.documentDb, deletionProtection: 'true' } })).toEqual([
      'documentDb.deletionProtection="true": production must turn on deletion protection (true)',
    ]);
    expect(prod({ documentDb: { ...PROD.documentDb, backupRetentionDays: 6 } })).toEqual(['documentDb.backupRetentionDays=6: production must keep backups at least 7 days']);
    expect(prod({ cache: { multiAz: false, replicasPerShard: 1 } })).toEqual(['cache.multiAz=false: production needs a Multi-AZ cache with automatic failover (true)']);
    expect(prod({ cache: { multiAz: true, replicasPerShard: 0 } })).toEqual([
      'cache.replicasPerShard=0: Multi-AZ needs at least 1 replica to fail over to',
      'cache.replicasPerShard=0: production needs at least 1 cache replica',
    ]);
    expect(prod({ network: { natGateways: 2, natProvider: 'gateway' } })).toEqual([]);
    expect(prod({ network: { natGateways: 2, natProvider: 'instance' } })).toEqual([
      'network.natProvider="instance": production needs managed NAT gateways ("gateway"): a NAT instance is one machine to patch and lose',
    ]);
    expect(prod({ network: { natGateways: 1 } })).toEqual([
      'network.natGateways=1: production needs one NAT gateway per availability zone (2) so losing an AZ does not cut egress',
    ]);
    expect(prod({ network: {}, availabilityZones: [] })).toEqual([]);
    expect(prod({ network: { natGateways: 1 }, availabilityZones: [] })).toEqual([]);
    expect(prod({ network: null })).toEqual([]);
  });

  test('at least one critical alarm destination of any kind', () => {
    const none = 'production needs at least one critical alarm destination (an email, SMS number or HTTPS webhook)';
    expect(prod({ alarms: { critical: { emails: [], smsNumbers: [], httpsEndpoints: [] } } })).toEqual([
      `alarms.critical={"emails":[],"smsNumbers":[],"httpsEndpoints":[]}: ${none}`,
    ]);
    expect(prod({ alarms: {} })).toEqual([`alarms.critical=undefined: ${none}`]);
    expect(prod({ alarms: undefined })).toEqual([`alarms.critical=undefined: ${none}`]);
    expect(prod({ alarms: { critical: { emails: 'a@b.c' } } })).toEqual([`alarms.critical={"emails":"a@b.c"}: ${none}`]);
    expect(prod({ alarms: { critical: { smsNumbers: ['+15550100'] } } })).toEqual([]);
    expect(prod({ alarms: { critical: { httpsEndpoints: ['https://hooks.example.com/x'] } } })).toEqual([]);
  });

  test('off-hours are refused in production', () => {
    expect(prod({ offHours: { startAt: '08:00', stopAt: '20:00' } })).toEqual([
      'offHours={"startAt":"08:00","stopAt":"20:00"}: must not be set in production: its services and database run around the clock',
    ]);
  });
});

describe('image tags', () => {
  test('placeholders are refused in production only; elsewhere malformed tags are', () => {
    expect(['latest', 'app-latest', 'LATEST', 'placeholder', 'changeme', 'change-me', 'todo', 'tbd', 'unreleased', 'none', ''].every((t) => PLACEHOLDER_TAG.test(t))).toBe(true);
    expect(['latest1', 'v1-latest2', 'nonea', 'xtodo', '0123abc'].some((t) => PLACEHOLDER_TAG.test(t))).toBe(false);
    const placeholder = 'production must pin a released image tag (a git SHA or version), not a placeholder or "latest"';
    expect(prod({ images: { backendTag: 'latest', frontendTag: 'v1.2.3' } })).toEqual([`images.backendTag="latest": ${placeholder}`]);
    expect(prod({ images: { backendTag: 'v1', frontendTag: 'todo' } })).toEqual([`images.frontendTag="todo": ${placeholder}`]);
    expect(found({ images: { backendTag: 'latest', frontendTag: '' } })).toEqual([]);
    expect(found({ images: { backendTag: 5, frontendTag: {} } })).toEqual([]);
    expect(found({ images: { backendTag: '-x', frontendTag: 'a b' } })).toEqual([
      'images.backendTag="-x": must be an image tag: 1-128 of A-Z a-z 0-9 _ . - not starting with "." or "-"',
      'images.frontendTag="a b": must be an image tag: 1-128 of A-Z a-z 0-9 _ . - not starting with "." or "-"',
    ]);
    expect(prod({ images: { backendTag: '-x', frontendTag: 5 } })).toEqual([
      'images.backendTag="-x": must be an image tag: 1-128 of A-Z a-z 0-9 _ . - not starting with "." or "-"',
    ]);
  });
});

describe('services', () => {
  const svc = (backend: Raw, extra: Raw = {}, env: Raw = {}) => found({ ...env, services: { backend, ...extra } });

  test('cpu and memory pairs Fargate offers', () => {
    expect(svc({ cpu: 256, memoryMiB: 2048 })).toEqual([]);
    expect(svc({ cpu: 256, memoryMiB: 4096 })).toEqual(['services.backend.memoryMiB=4096: Fargate offers 512, 1024, 2048 MiB with cpu 256']);
    expect(svc({ cpu: 300, memoryMiB: 512 })).toEqual(['services.backend.cpu=300: Fargate offers cpu 256, 512, 1024, 2048, 4096, 8192, 16384']);
    expect(svc({ cpu: 256 })).toEqual([]);
    expect(svc({ cpu: '300', memoryMiB: 512 })).toEqual([]);
    expect(found({ services: { backend: null, frontend: { cpu: 256, memoryMiB: 4096 } } })).toHaveLength(1);
    expect(found({ services: { frontend: { cpu: 512, memoryMiB: 512 } } })).toEqual([
      'services.frontend.memoryMiB=512: Fargate offers 1024-4096 in steps of 1024 MiB with cpu 512',
    ]);
  });

  test('the desired count lies between the minimum and the maximum, ends included', () => {
    expect(svc({ minCount: 1, desiredCount: 1, maxCount: 3 })).toEqual([]);
    expect(svc({ minCount: 1, desiredCount: 3, maxCount: 3 })).toEqual([]);
    expect(svc({ minCount: 2, desiredCount: 1, maxCount: 3 })).toEqual(['services.backend.desiredCount=1: must lie between minCount (2) and maxCount (3)']);
    expect(svc({ minCount: 1, desiredCount: 4, maxCount: 3 })).toEqual(['services.backend.desiredCount=4: must lie between minCount (1) and maxCount (3)']);
    expect(svc({ minCount: 1, desiredCount: 4 })).toEqual([]);
    expect(svc({ minCount: 1, maxCount: 3 })).toEqual([]);
    expect(svc({ minCount: '5', desiredCount: 4, maxCount: 3 })).toEqual([]);
  });

  test('production runs at least 2 tasks of each service', () => {
    expect(prod({ services: { backend: { minCount: 2 }, frontend: { minCount: 1 } } })).toEqual([
      'services.frontend.minCount=1: production needs at least 2 tasks so one AZ or task can fail without an outage',
    ]);
    expect(svc({ minCount: 1 })).toEqual([]);
    expect(prod({ services: { backend: { minCount: '1' } } })).toEqual([]);
  });

  test('capacity providers: Spot never with ARM64, on-demand in production, some weight elsewhere', () => {
    const providers = (capacityProviders: unknown[], extra: Raw = {}, env: Raw = {}) => found({ ...env, services: { capacityProviders, ...extra } });
    expect(
      providers(
        [
          { provider: 'FARGATE', weight: 1 },
          { provider: 'FARGATE_SPOT', weight: 1 },
        ],
        { cpuArchitecture: 'ARM64' },
      ),
    ).toEqual(['services.capacityProviders.1.provider="FARGATE_SPOT": Fargate Spot runs only X86_64 tasks; use cpuArchitecture "X86_64" or FARGATE']);
    expect(providers([{ provider: 'FARGATE_SPOT', weight: 1 }], { cpuArchitecture: 'X86_64' })).toEqual([]);
    expect(providers([{ provider: 'FARGATE_SPOT', weight: 0, base: 1 }])).toEqual([
      'services.capacityProviders=[{"provider":"FARGATE_SPOT","weight":0,"base":1}]: at least one capacity provider needs a weight above 0',
    ]);
    expect(providers([{ provider: 'FARGATE_SPOT', weight: 1 }], {}, PROD)).toEqual([
      'services.capacityProviders=[{"provider":"FARGATE_SPOT","weight":1}]: production must place tasks on FARGATE (weight or base above 0); Spot may only add to it',
    ]);
    expect(
      providers(
        [
          { provider: 'FARGATE', weight: 0, base: 1 },
          { provider: 'FARGATE_SPOT', weight: 1 },
        ],
        {},
        PROD,
      ),
    ).toEqual([]);
    expect(providers([{ provider: 'FARGATE', weight: 1, base: 0 }], {}, PROD)).toEqual([]);
    expect(
      providers(
        [
          { provider: 'FARGATE', weight: 0, base: 0 },
          { provider: 'FARGATE_SPOT', weight: 1 },
        ],
        {},
        PROD,
      ),
    ).toHaveLength(1);
    expect(providers([])).toEqual([]);
    expect(
      providers(
        [
          { provider: 'FARGATE_SPOT', weight: 1 },
          { provider: 'FARGATE', weight: 1 },
        ],
        { cpuArchitecture: 'ARM64' },
      ),
    ).toEqual(['services.capacityProviders.0.provider="FARGATE_SPOT": Fargate Spot runs only X86_64 tasks; use cpuArchitecture "X86_64" or FARGATE']);
    expect(providers([null, { provider: 'FARGATE', weight: 1 }], { cpuArchitecture: 'ARM64' })).toEqual([]);
    expect(providers([null, { provider: 'FARGATE_SPOT', weight: 0 }, { provider: 'FARGATE_SPOT', weight: 2 }])).toEqual([]);
    expect(found({ services: { capacityProviders: 'FARGATE' } })).toEqual([]);
  });

  test('the hourly rate limit is at least the per-minute one', () => {
    expect(found({ services: { rateLimitPerMinute: 60, rateLimitPerHour: 60 } })).toEqual([]);
    expect(found({ services: { rateLimitPerMinute: 60, rateLimitPerHour: 59 } })).toEqual(['services.rateLimitPerHour=59: must be at least rateLimitPerMinute (60)']);
    expect(found({ services: { rateLimitPerMinute: '60', rateLimitPerHour: 59 } })).toEqual([]);
    expect(found({ services: { rateLimitPerMinute: 60, rateLimitPerHour: '59' } })).toEqual([]);
  });
});

describe('DocumentDB instance classes per engine version', () => {
  test('8.0 by default; a class of another version only is refused with the list for this one', () => {
    expect(found({ documentDb: { instanceClass: 'db.t3.medium' } })).toEqual([
      `documentDb.instanceClass="db.t3.medium": is not offered on DocumentDB 8.0; use one of ${DOCDB_INSTANCE_CLASSES_BY_VERSION['8.0'].join(', ')}`,
    ]);
    expect(found({ documentDb: { engineVersion: '5.0', instanceClass: 'db.t3.medium' } })).toEqual([]);
    expect(found({ documentDb: { engineVersion: '4.0', instanceClass: 'db.t3.medium' } })).toEqual([]);
    expect(found({ documentDb: { instanceClass: 'db.x9.huge' } })).toEqual([]);
    expect(found({ documentDb: 'x' })).toEqual([]);
  });
});

describe('off-hours within one day', () => {
  const window = (startAt: string, stopAt: string) => found({ offHours: { startAt, stopAt } });

  test('DocumentDB starts 20 minutes before startAt and stops 15 minutes after stopAt, the same day', () => {
    expect(window('00:20', '23:44')).toEqual([]);
    expect(window('00:19', '23:45')).toEqual([
      'offHours.startAt="00:19": must be 00:20 or later: DocumentDB starts 20 minutes before, on the same day',
      'offHours.stopAt="23:45": must be 23:44 or earlier: DocumentDB stops 15 minutes after, on the same day',
    ]);
  });

  test('at least an hour on', () => {
    expect(window('08:00', '09:00')).toEqual([]);
    expect(window('08:00', '08:59')).toEqual(['offHours.stopAt="08:59": must be at least 60 minutes after startAt (08:00)']);
    expect(window('10:00', '09:00')).toEqual(['offHours.stopAt="09:00": must be at least 60 minutes after startAt (10:00)']);
  });

  test('malformed times are the schema’s to report', () => {
    expect(window('8:00', '08:30')).toEqual([]);
    expect(window('08:00', '24:00')).toEqual([]);
    expect(found({ offHours: null })).toEqual([]);
    expect(found({ offHours: [] })).toEqual([]);
  });
});

describe('restore', () => {
  const NOW = new Date('2030-06-01T12:00:00.000Z');
  type R = Record<string, unknown>;
  const restore = (r: R, env: Raw = {}) =>
    backupProblems({ name: 'qa', account: '111111111111', region: 'eu-west-1', ...env, backup: { restore: { generation: 1, ...r } } }, NOW).map(
      (p) => `${p.path}=${JSON.stringify(p.value)}: ${p.message}`,
    );

  test('a point in time up to now is past; a millisecond later is the future', () => {
    const at = (pointInTime: string) => restore({ pointInTime, sourceClusterId: 'qa-flashcard-lms' });
    expect(at('2030-06-01T11:59:59.999Z')).toEqual([]);
    expect(at('2030-06-01T12:00:00.000Z')).toEqual([]);
    expect(at('2030-06-01T12:00:00.001Z')).toEqual([
      'backup.restore.pointInTime="2030-06-01T12:00:00.001Z": is in the future (now 2030-06-01T12:00:00Z); use a past time or "latest"',
    ]);
    expect(at('not a time')).toEqual([]);
    expect(at('latest')).toEqual([]);
    expect(restore({ pointInTime: 4102444800000, sourceClusterId: 'qa-flashcard-lms' })).toEqual([]);
  });

  test('a snapshot ARN of another account or region is refused; of this one, or a plain name, is not', () => {
    const refused = (arn: string) => [
      `backup.restore.fromSnapshot="${arn}": must be a snapshot in this environment's account and region (111111111111, eu-west-1); copy it here first (aws docdb copy-db-cluster-snapshot)`,
    ];
    const arn = (region: string, account: string) => `arn:aws:rds:${region}:${account}:cluster-snapshot:snap-1`;
    expect(restore({ fromSnapshot: arn('eu-west-1', '111111111111') })).toEqual([]);
    expect(restore({ fromSnapshot: arn('eu-west-1', '222222222222') })).toEqual(refused(arn('eu-west-1', '222222222222')));
    expect(restore({ fromSnapshot: arn('eu-central-1', '111111111111') })).toEqual(refused(arn('eu-central-1', '111111111111')));
    expect(restore({ fromSnapshot: 'arn:aws:s3:::bucket' })).toEqual([]);
    expect(restore({ fromSnapshot: 'snap-arn:aws:rds' })).toEqual([]);
  });

  test('source cluster and restore type apply to a point in time only', () => {
    expect(restore({})).toEqual(['backup.restore={"generation":1}: set exactly one of fromSnapshot (a cluster snapshot) or pointInTime (with sourceClusterId)']);
    expect(restore({ fromSnapshot: 'snap', sourceClusterId: 'qa-flashcard-lms' })).toEqual([
      'backup.restore.sourceClusterId="qa-flashcard-lms": applies to pointInTime only; a snapshot already names its cluster',
    ]);
    expect(restore({ pointInTime: 'latest' })).toEqual(['backup.restore.sourceClusterId=undefined: pointInTime needs the cluster to restore from, e.g. "qa-flashcard-lms"']);
    expect(restore({ pointInTime: 'latest', sourceClusterId: 'qa-flashcard-lms-restored-1', generation: 1 })).toEqual([
      'backup.restore.sourceClusterId="qa-flashcard-lms-restored-1": is the cluster this restore creates; raise generation (1) or restore from the current cluster',
    ]);
    expect(restore({ pointInTime: 'latest', sourceClusterId: 'qa-flashcard-lms-restored-1', generation: '1' })).toEqual([]);
    expect(restore({ fromSnapshot: 'snap', restoreType: 'full-copy' })).toEqual(['backup.restore.restoreType="full-copy": applies to pointInTime only']);
    expect(restore({ pointInTime: 'latest', sourceClusterId: 'qa-flashcard-lms', restoreType: 'full-copy' })).toEqual([]);
    expect(restore({ pointInTime: 'latest', sourceClusterId: 'qa-flashcard-lms-restored-2', generation: 1 })).toEqual([]);
    expect(restore({ pointInTime: 'latest', sourceClusterId: 'qa-flashcard-lms-restored-1', generation: 1 }, { name: 7 })).toEqual([]);
  });

  test('a production restore needs deletion protection on', () => {
    const message = 'a production restore needs deletion protection (true) so neither the old nor the restored cluster can be deleted by a deploy';
    expect(restore({ fromSnapshot: 'snap' }, { production: true, documentDb: { deletionProtection: true } }).filter((p) => p.includes(message))).toEqual([]);
    expect(restore({ fromSnapshot: 'snap' }, { production: true }).filter((p) => p.includes(message))).toEqual([`documentDb.deletionProtection=undefined: ${message}`]);
    expect(restore({ fromSnapshot: 'snap' }, { documentDb: { deletionProtection: false } })).toEqual([]);
  });
});
