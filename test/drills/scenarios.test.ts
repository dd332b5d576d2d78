import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  BackupClient,
  DescribeRestoreJobCommand,
  GetRecoveryPointRestoreMetadataCommand,
  GetRestoreTestingSelectionCommand,
  ListRecoveryPointsByBackupVaultCommand,
  StartRestoreJobCommand,
} from '@aws-sdk/client-backup';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateDBInstanceCommand,
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DocDBClient,
  FailoverDBClusterCommand,
} from '@aws-sdk/client-docdb';
import { DescribeServicesCommand, DescribeTasksCommand, ECSClient, RunTaskCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import { DeleteFileSystemCommand, EFSClient } from '@aws-sdk/client-efs';
import { FisClient, GetExperimentCommand, ListExperimentTemplatesCommand, StartExperimentCommand, StopExperimentCommand } from '@aws-sdk/client-fis';
import { DescribeSecretCommand, RotateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AwsStub, mockClient } from 'aws-sdk-client-mock';
import { EnvironmentConfig } from '../../lib/config';
import { dryRun, DrillClients, findScenario, rotatedSecrets, runScenario } from '../../lib/drills/drill';
import { fetchGet, HttpGet, observer } from '../../lib/drills/observe';
import { reportJson, reportMarkdown } from '../../lib/drills/report';
import { scenarios } from '../../lib/drills/scenarios';
import { configWith } from '../helpers/configs';
import { FakeClock } from './fakes';

// @aws-sdk/client-fis 3.523 predates the smithy types of the other clients: its stub is typed loosely.
const fis = mockClient(FisClient as never) as unknown as AwsStub<any, any, any>;
const cloudwatch = mockClient(CloudWatchClient);
const ecs = mockClient(ECSClient);
const docdb = mockClient(DocDBClient);
const backup = mockClient(BackupClient);
const efs = mockClient(EFSClient);
const secrets = mockClient(SecretsManagerClient);
const clients: DrillClients = {
  fis: new FisClient({ region: 'eu-west-1' }),
  cloudwatch: new CloudWatchClient({ region: 'eu-west-1' }),
  ecs: new ECSClient({ region: 'eu-west-1' }),
  docdb: new DocDBClient({ region: 'eu-west-1' }),
  backup: new BackupClient({ region: 'eu-west-1' }),
  efs: new EFSClient({ region: 'eu-west-1' }),
  secrets: new SecretsManagerClient({ region: 'eu-west-1' }),
};

// Production with drills on: every scenario is available there (Multi-AZ cache, a replica, ECS Exec off).
const config: EnvironmentConfig = configWith('production', { drills: { enabled: true } });
const ok200: HttpGet = async (url) => ({ status: 200, body: url.endsWith('status.json') ? '{"status":"operational"}' : 'ok' });

/** Every alarm the scenario watches is in `state`, except those listed in `alarming`. */
function alarmsAre(alarming: readonly string[] = []) {
  cloudwatch.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames: string[] }) => ({
    MetricAlarms: input.AlarmNames.map((AlarmName) => ({ AlarmName, StateValue: alarming.includes(AlarmName) ? 'ALARM' : 'OK' })),
  }));
}

beforeEach(() => {
  for (const m of [fis, cloudwatch, ecs, docdb, backup, efs, secrets]) m.reset();
  alarmsAre();
  ecs.on(DescribeServicesCommand).resolves({
    services: [
      { serviceName: 'backend', runningCount: 2, desiredCount: 2 },
      { serviceName: 'frontend', runningCount: 2, desiredCount: 2 },
    ],
  });
  fis.on(ListExperimentTemplatesCommand as never).resolves({
    experimentTemplates: [
      { id: 'EXTstaging', tags: { Drill: 'stop-backend-tasks', Environment: 'staging' } },
      ...scenarios(config).map((s) => ({ id: `EXT-${s.name}`, tags: { Drill: s.name, Environment: 'production' } })),
    ],
  });
  fis.on(StartExperimentCommand as never).resolves({ experiment: { id: 'EXP1' } });
});

const run = (name: string, extra: Partial<Parameters<typeof runScenario>[0]> = {}) =>
  runScenario({ config, scenario: findScenario(config, name), clients, clock: new FakeClock(), http: ok200, runId: '20261201t0300', pollMs: 30_000, ...extra });

describe('FIS scenarios', () => {
  test.each(['stop-backend-tasks', 'backend-packet-loss', 'cache-az-power', 'az-power-interruption'])(
    '%s: happy path starts the tagged template of the environment and passes',
    async (name) => {
      fis
        .on(GetExperimentCommand as never)
        .resolvesOnce({ experiment: { state: { status: 'running' } } })
        .resolves({ experiment: { state: { status: 'completed' } } });
      const result = await run(name);
      expect(result.outcome).toBe('passed');
      expect(fis.commandCalls(StartExperimentCommand as never)[0].args[0].input).toEqual({
        experimentTemplateId: `EXT-${name}`,
        clientToken: `production-${name}-20261201t0300`,
        tags: { Environment: 'production', Drill: name },
      });
      expect(fis.commandCalls(StopExperimentCommand as never)).toHaveLength(0);
      expect(result.cleanup).toEqual(['experiment EXP1 had ended; FIS rolled its actions back']);
    },
  );

  test('backend-network-latency: the p95 alarm must fire when the delay exceeds its threshold', async () => {
    const latency = configWith('production', { drills: { enabled: true, latencyMs: 2500 } });
    fis
      .on(GetExperimentCommand as never)
      .resolvesOnce({ experiment: { state: { status: 'running' } } })
      .resolves({ experiment: { state: { status: 'completed' } } });
    const result = await runScenario({ config: latency, scenario: findScenario(latency, 'backend-network-latency'), clients, clock: new FakeClock(), http: ok200, runId: 'r1' });
    expect(result.outcome).toBe('failed');
    expect(result.expectations[1]).toEqual({ expectation: 'production-backend-p95-latency goes to ALARM within 480 s', passed: false, detail: 'never went to ALARM' });
  });

  test('a page during stop-backend-tasks fails the drill (failed expectation) with the time to page', async () => {
    fis
      .on(GetExperimentCommand as never)
      .resolvesOnce({ experiment: { state: { status: 'running' } } })
      .resolves({ experiment: { state: { status: 'completed' } } });
    cloudwatch
      .on(DescribeAlarmsCommand)
      .resolvesOnce({ MetricAlarms: [] })
      .callsFake((input: { AlarmNames: string[] }) => ({
        MetricAlarms: input.AlarmNames.map((AlarmName) => ({
          AlarmName,
          StateValue: AlarmName === 'production-site-down' && fis.commandCalls(GetExperimentCommand as never).length < 2 ? 'ALARM' : 'OK',
        })),
      }));
    const result = await run('stop-backend-tasks');
    expect(result.outcome).toBe('failed');
    expect(result.timeToPageMs).toBe(0);
    expect(result.expectations[0]).toMatchObject({ expectation: 'production-site-down stays out of ALARM', passed: false });
  });

  test('an operator abort stops the running experiment', async () => {
    fis.on(GetExperimentCommand as never).resolves({ experiment: { state: { status: 'running' } } });
    const abort = new AbortController();
    const result = await run('stop-backend-tasks', { signal: abort.signal, clock: new FakeClock((n) => n === 3 && abort.abort()) });
    expect(result.outcome).toBe('aborted');
    expect(fis.commandCalls(StopExperimentCommand as never)[0].args[0].input).toEqual({ id: 'EXP1' });
    expect(result.cleanup).toEqual(['stopped experiment EXP1; FIS rolls back its actions']);
  });

  test('a timeout stops the experiment', async () => {
    fis.on(GetExperimentCommand as never).resolves({ experiment: { state: { status: 'running' } } });
    const result = await run('stop-backend-tasks');
    expect(result.outcome).toBe('timed-out');
    expect(fis.commandCalls(StopExperimentCommand as never)).toHaveLength(1);
  });

  test('a stop condition reported by FIS aborts the drill', async () => {
    fis.on(GetExperimentCommand as never).resolves({ experiment: { state: { status: 'stopped', reason: 'Experiment stopped by stop condition' } } });
    const result = await run('cache-az-power');
    expect(result.outcome).toBe('aborted');
    expect(result.reason).toBe('stopped early: experiment EXP1 stopped: Experiment stopped by stop condition (a stop-condition alarm went to ALARM?)');
    expect(fis.commandCalls(StopExperimentCommand as never)).toHaveLength(0);
  });

  test('a missing template says how to deploy it', async () => {
    fis.on(ListExperimentTemplatesCommand as never).resolves({ experimentTemplates: [] });
    const result = await run('stop-backend-tasks');
    expect(result.reason).toBe(
      'drill error: No FIS experiment template tagged Drill=stop-backend-tasks, Environment=production: is the drills stack of production deployed (drills.enabled)?',
    );
  });

  test('refused where the environment cannot run it', async () => {
    const staging = configWith('staging', {});
    await expect(runScenario({ config: staging, scenario: findScenario(staging, 'docdb-failover'), clients, clock: new FakeClock(), http: ok200, runId: 'r' })).rejects.toThrow(
      'Drill docdb-failover cannot run in staging: DocumentDB has one instance (documentDb.instances): there is no replica to fail over to',
    );
  });
});

describe('DocumentDB failover', () => {
  test('happy path: fails over and waits for a new writer; nothing to restore', async () => {
    const members = (writer: string) => [
      { DBInstanceIdentifier: 'db-1', IsClusterWriter: writer === 'db-1' },
      { DBInstanceIdentifier: 'db-2', IsClusterWriter: writer === 'db-2' },
    ];
    docdb
      .on(DescribeDBClustersCommand)
      .resolvesOnce({ DBClusters: [{ Status: 'available', DBClusterMembers: members('db-1') }] })
      .resolvesOnce({ DBClusters: [{ Status: 'failing-over', DBClusterMembers: members('db-1') }] })
      .resolves({ DBClusters: [{ Status: 'available', DBClusterMembers: members('db-2') }] });
    const result = await run('docdb-failover');
    expect(result.outcome).toBe('passed');
    expect(docdb.commandCalls(FailoverDBClusterCommand)[0].args[0].input).toEqual({ DBClusterIdentifier: 'production-flashcard-lms' });
    expect(result.cleanup).toEqual(['nothing to restore: production-flashcard-lms keeps its new writer; the old one is a replica']);
  });
});

describe('restores', () => {
  function backupHas() {
    backup.on(ListRecoveryPointsByBackupVaultCommand).callsFake((input: { ByResourceType: string }) => ({
      RecoveryPoints: [
        { RecoveryPointArn: `old-${input.ByResourceType}`, Status: 'COMPLETED', CreationDate: new Date('2026-11-29') },
        { RecoveryPointArn: `latest-${input.ByResourceType}`, Status: 'COMPLETED', CreationDate: new Date('2026-11-30') },
        { RecoveryPointArn: `partial-${input.ByResourceType}`, Status: 'PARTIAL', CreationDate: new Date('2026-12-01') },
      ],
    }));
    backup
      .on(GetRestoreTestingSelectionCommand)
      .resolves({ RestoreTestingSelection: { IamRoleArn: 'arn:aws:iam::222222222222:role/restore', RestoreMetadataOverrides: { kmsKeyId: 'key' } } as any });
    backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({ RestoreMetadata: { stored: 'yes', kmsKeyId: 'old' } });
    backup.on(StartRestoreJobCommand).callsFake((input: { ResourceType: string }) => ({ RestoreJobId: `job-${input.ResourceType}` }));
    backup.on(DescribeRestoreJobCommand).callsFake((input: { RestoreJobId: string }) => ({
      Status: 'COMPLETED',
      CreatedResourceArn: input.RestoreJobId === 'job-EFS' ? 'arn:aws:elasticfilesystem:eu-west-1:222222222222:file-system/fs-123' : 'arn:aws:rds:eu-west-1:222222222222:cluster:x',
    }));
    docdb.on(DescribeDBClustersCommand).resolves({
      DBClusters: [{ Status: 'available', Endpoint: 'restored.example', DBClusterMembers: [{ DBInstanceIdentifier: 'production-flashcard-lms-drill-20261201t0300-1' }] }],
    });
  }

  test('restore-test: restores the latest DocumentDB and EFS points like restore testing, then deletes them', async () => {
    backupHas();
    const result = await run('restore-test');
    expect(result.outcome).toBe('passed');
    const starts = backup.commandCalls(StartRestoreJobCommand).map((c) => c.args[0].input);
    expect(starts).toEqual([
      {
        RecoveryPointArn: 'latest-DocumentDB',
        IamRoleArn: 'arn:aws:iam::222222222222:role/restore',
        ResourceType: 'DocumentDB',
        Metadata: { stored: 'yes', kmsKeyId: 'key', DBClusterIdentifier: 'production-flashcard-lms-drill-20261201t0300' },
      },
      { RecoveryPointArn: 'latest-EFS', IamRoleArn: 'arn:aws:iam::222222222222:role/restore', ResourceType: 'EFS', Metadata: expect.objectContaining({ newFileSystem: 'true' }) },
    ]);
    expect(backup.commandCalls(GetRestoreTestingSelectionCommand)[0].args[0].input).toEqual({
      RestoreTestingPlanName: 'flashcard_lms_production',
      RestoreTestingSelectionName: 'documentdb',
    });
    expect(docdb.commandCalls(DeleteDBClusterCommand)[0].args[0].input).toEqual({ DBClusterIdentifier: 'production-flashcard-lms-drill-20261201t0300', SkipFinalSnapshot: true });
    expect(efs.commandCalls(DeleteFileSystemCommand)[0].args[0].input).toEqual({ FileSystemId: 'fs-123' });
  });

  test('dr-rehearsal: restores, adds an instance, runs the verify command, measures the RTO and removes it all', async () => {
    backupHas();
    docdb
      .on(DescribeDBInstancesCommand)
      .resolvesOnce({ DBInstances: [{ DBInstanceStatus: 'creating' }] })
      .resolves({ DBInstances: [{ DBInstanceStatus: 'available' }] });
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: 'task-1' }] });
    ecs
      .on(DescribeTasksCommand)
      .resolvesOnce({ tasks: [{ lastStatus: 'RUNNING' }] })
      .resolves({ tasks: [{ lastStatus: 'STOPPED', containers: [{ name: 'migration', exitCode: 0 }] }] });
    const verify = async () => ({
      ecs: clients.ecs,
      cluster: 'mig',
      taskDefinitionArn: 'td',
      containerName: 'migration',
      subnets: ['s1'],
      securityGroups: ['sg1'],
      command: ['python', '-m', 'verify'],
    });
    const result = await run('dr-rehearsal', { verify });
    expect(result.outcome).toBe('passed');
    expect(docdb.commandCalls(CreateDBInstanceCommand)[0].args[0].input).toMatchObject({
      DBClusterIdentifier: 'production-flashcard-lms-drill-20261201t0300',
      DBInstanceClass: config.documentDb.instanceClass,
    });
    expect(ecs.commandCalls(RunTaskCommand)[0].args[0].input.overrides).toEqual({
      containerOverrides: [{ name: 'migration', command: ['python', '-m', 'verify'], environment: [{ name: 'DRILL_DATABASE_HOST', value: 'restored.example' }] }],
    });
    // Polls 30 s apart: restored and instance added at 0 s, instance creating at 30 s, available and
    // verify task started at 60 s, verify running at 90 s, verify passed at 120 s.
    expect(result.faultEndedMs).toBe(4 * 30_000);
    expect(result.timeToRecoverMs).toBe(result.faultEndedMs);
    expect(docdb.commandCalls(DeleteDBInstanceCommand)).toHaveLength(1);
    expect(docdb.commandCalls(DeleteDBClusterCommand)).toHaveLength(1);
    expect(ecs.commandCalls(StopTaskCommand)).toHaveLength(0);
  });

  test('dr-rehearsal: a failing verify command fails the drill and the cluster is still removed', async () => {
    backupHas();
    docdb.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available' }] });
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: 'task-1' }] });
    ecs.on(DescribeTasksCommand).resolves({ tasks: [{ lastStatus: 'STOPPED', stoppedReason: 'Essential container exited', containers: [{ name: 'migration', exitCode: 3 }] }] });
    const verify = async () => ({ ecs: clients.ecs, cluster: 'mig', taskDefinitionArn: 'td', containerName: 'migration', subnets: [], securityGroups: [], command: ['verify'] });
    const result = await run('dr-rehearsal', { verify });
    expect(result.outcome).toBe('failed');
    expect(result.reason).toBe('fault failed: the verify command exited 3 (Essential container exited); see the migration log group');
    expect(docdb.commandCalls(DeleteDBClusterCommand)).toHaveLength(1);
  });
});

describe('secret rotation during traffic', () => {
  test('happy path: rotates every secret with rotation on, no request fails', async () => {
    secrets
      .on(DescribeSecretCommand)
      .resolvesOnce({ VersionIdsToStages: { a: ['AWSCURRENT'], b: ['AWSPENDING'] } })
      .resolves({ VersionIdsToStages: { a: ['AWSPREVIOUS'], b: ['AWSCURRENT'] } });
    const result = await run('secret-rotation');
    expect(result.outcome).toBe('passed');
    expect(secrets.commandCalls(RotateSecretCommand).map((c) => c.args[0].input.SecretId)).toEqual(rotatedSecrets(config));
    expect(result.expectations[1]).toMatchObject({ expectation: 'no request fails while it runs', passed: true });
  });

  test('a failed request during rotation fails the drill', async () => {
    secrets.on(DescribeSecretCommand).resolves({ VersionIdsToStages: { a: ['AWSCURRENT'] } });
    let calls = 0;
    const flaky: HttpGet = async (url) => (url.includes('api.') && calls++ === 1 ? { status: 502, body: '' } : ok200(url));
    const result = await run('secret-rotation', { http: flaky });
    expect(result.outcome).toBe('failed');
    expect(result.expectations[1]).toEqual({ expectation: 'no request fails while it runs', passed: false, detail: '1 of 4 requests failed' });
  });
});

describe('observer against a real HTTP server', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/status.json') res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"degraded"}');
      else res.writeHead(req.url === '/health' ? 200 : 503).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('reads the status page, counts failed requests and missing alarms', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ CompositeAlarms: [{ AlarmName: 'production-site-down', StateValue: 'OK' }] });
    const observe = observer({
      cloudwatch: clients.cloudwatch,
      ecs: clients.ecs,
      http: fetchGet,
      alarms: ['production-site-down', 'production-gone'],
      cluster: 'c',
      services: ['backend', 'frontend'],
      statusUrl: `${base}/status.json`,
      trafficUrls: [`${base}/health`, `${base}/broken`],
    });
    expect(await observe()).toEqual({
      alarms: { 'production-site-down': 'OK' },
      statusPage: 'degraded',
      servicesHealthy: true,
      requests: 2,
      failedRequests: 1,
      problems: ['alarm production-gone not found', `${base}/broken answered 503`],
    });
  });
});

describe('dry run and report', () => {
  test('--dry-run lists the steps and the IAM without calling AWS', () => {
    const text = dryRun(config, findScenario(config, 'dr-rehearsal'));
    expect(text).toContain('Drill dr-rehearsal in production (dry run: nothing is called)');
    expect(text).toContain('  - backup:StartRestoreJob');
    expect(text).toContain('  - ecs:RunTask');
    expect(backup.calls()).toHaveLength(0);
  });

  test('an unknown scenario names the ones there are', () => {
    expect(() => findScenario(config, 'chaos')).toThrow(
      'Unknown scenario "chaos"; the drills are: stop-backend-tasks, backend-network-latency, backend-packet-loss, cache-az-power, az-power-interruption, docdb-failover, restore-test, dr-rehearsal, secret-rotation',
    );
  });

  test('the report gives pass/fail per expectation and the measured times, in Markdown and JSON', async () => {
    fis
      .on(GetExperimentCommand as never)
      .resolvesOnce({ experiment: { state: { status: 'running' } } })
      .resolves({ experiment: { state: { status: 'completed' } } });
    const scenario = findScenario(config, 'stop-backend-tasks');
    const result = await run('stop-backend-tasks');
    const md = reportMarkdown(result, scenario);
    expect(md).toContain('# Drill stop-backend-tasks in production: PASSED');
    expect(md).toContain('| production-site-down stays out of ALARM | PASS | never in ALARM |');
    expect(md).toContain('| time to recover | 0.5 min |');
    expect(md).toContain('- experiment EXP1 had ended; FIS rolled its actions back');
    const json = JSON.parse(reportJson(result, scenario));
    expect(json).toMatchObject({ env: 'production', scenario: 'stop-backend-tasks', outcome: 'passed', timeToRecoverMs: 30_000, proves: scenario.proves });
  });
});
