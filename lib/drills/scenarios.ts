import { EnvironmentConfig } from '../config';
import { drillSettings, networkFaultsEnabled } from '../config/drills';
import { ExperimentName } from './experiments';
import { Expectation } from './types';

/** How a scenario makes its change. */
export type FaultKind =
  | { readonly kind: 'fis'; readonly experiment: ExperimentName }
  | { readonly kind: 'docdb-failover' }
  | { readonly kind: 'restore-test' }
  | { readonly kind: 'dr-rehearsal' }
  | { readonly kind: 'secret-rotation' };

export interface Scenario {
  readonly name: string;
  /** What passing proves, in one sentence (docs/drills.md repeats it). */
  readonly proves: string;
  readonly fault: FaultKind;
  /** Short alarm names (`<env>-` is prefixed) watched while it runs. */
  readonly watch: readonly string[];
  readonly expectations: readonly Expectation[];
  readonly timeoutMinutes: number;
  /** Traffic during the drill, to count failed requests. */
  readonly traffic: boolean;
  /** What `--dry-run` prints, in order. */
  readonly steps: readonly string[];
  /** IAM actions the runner's credentials need for this scenario (beyond the watch). */
  readonly iam: readonly string[];
  /** Why the scenario cannot run in this environment, if it cannot. */
  readonly unavailable?: string;
}

/** Critical alarms (they page); the first of them in ALARM is the time to page. */
export const PAGING_ALARMS = ['site-down', 'alb-5xx-rate', 'backend-5xx-rate', 'frontend-5xx-rate', 'database-connection-down'] as const;

/** What every drill needs: watch alarms, the services and, for FIS, the experiments. */
export const WATCH_IAM = ['cloudwatch:DescribeAlarms', 'ecs:DescribeServices'] as const;
const FIS_IAM = ['fis:ListExperimentTemplates', 'fis:StartExperiment', 'fis:GetExperiment', 'fis:StopExperiment', 'fis:TagResource', 'iam:PassRole (the experiment role, by FIS)'];
const RESTORE_IAM = [
  'backup:ListRecoveryPointsByBackupVault',
  'backup:GetRecoveryPointRestoreMetadata',
  'backup:GetRestoreTestingSelection',
  'backup:StartRestoreJob',
  'backup:DescribeRestoreJob',
  'iam:PassRole (the restore-testing role, to backup.amazonaws.com)',
  'rds:DescribeDBClusters',
  'rds:DeleteDBInstance',
  'rds:DeleteDBCluster',
];

const MINUTE = 60_000;

/** Every drill of an environment, with its expectations from the environment's config. */
export function scenarios(config: EnvironmentConfig): Scenario[] {
  const d = drillSettings(config);
  const m = config.monitoring;
  const site = ['site-down', 'alb-5xx-rate', 'backend-5xx-rate', 'frontend-5xx-rate'];
  const noPage: Expectation = { kind: 'alarm-stays-ok', alarm: `${config.name}-site-down` };
  const fisOff = d.enabled ? undefined : 'drills.enabled is false for this environment: no FIS experiment templates are deployed';
  const fisSteps = (what: string) => [
    'check that no watched alarm is in ALARM (else refuse)',
    `start the FIS experiment tagged Drill=<scenario>, Environment=${config.name}: ${what}`,
    `every 30 s: watched alarms, https://status.${config.domain.name}/status.json, ECS running vs desired`,
    'wait for the experiment to end and everything to be healthy again',
    'cleanup: stop the experiment if it still runs (FIS rolls its actions back)',
    'write the report (Markdown and JSON)',
  ];
  const faultMinutes = d.durationMinutes;
  const latencyAlarms = d.latencyMs >= m.latencyP95Seconds * 1000;
  return [
    {
      name: 'stop-backend-tasks',
      proves: `Losing ${d.stopTaskPercent}% of the backend tasks pages nobody: the load balancer drains them and ECS replaces them.`,
      fault: { kind: 'fis', experiment: 'stop-backend-tasks' },
      watch: [...site, 'backend-no-healthy-targets', 'backend-tasks-below-desired'],
      expectations: [noPage, { kind: 'recovers-within', withinMs: 10 * MINUTE }],
      timeoutMinutes: 20,
      traffic: true,
      steps: fisSteps(`aws:ecs:stop-task on ${d.stopTaskPercent}% of the backend tasks`),
      iam: FIS_IAM,
      unavailable: fisOff,
    },
    {
      name: 'backend-network-latency',
      proves: `${d.latencyMs} ms more on every backend packet ${latencyAlarms ? 'is detected by the p95 latency alarm' : 'stays below the p95 latency alarm'} and never takes the site down.`,
      fault: { kind: 'fis', experiment: 'backend-network-latency' },
      watch: [...site, 'backend-p95-latency'],
      expectations: [
        noPage,
        latencyAlarms
          ? { kind: 'alarm-fires', alarm: `${config.name}-backend-p95-latency`, withinMs: (m.latencyMinutes + 3) * MINUTE }
          : { kind: 'alarm-stays-ok', alarm: `${config.name}-backend-p95-latency` },
        { kind: 'recovers-within', withinMs: (faultMinutes + 15) * MINUTE },
      ],
      timeoutMinutes: faultMinutes + 25,
      traffic: true,
      steps: fisSteps(`aws:ecs:task-network-latency, ${d.latencyMs} ms for ${faultMinutes} min on every backend task`),
      iam: FIS_IAM,
      unavailable: fisOff ?? (networkFaultsEnabled(config) ? undefined : 'network faults need ECS Exec off (services.enableExecuteCommand: false) and the fault-injection sidecar'),
    },
    {
      name: 'backend-packet-loss',
      proves: `Dropping ${d.packetLossPercent}% of backend packets is absorbed by retries: no page.`,
      fault: { kind: 'fis', experiment: 'backend-packet-loss' },
      watch: [...site, 'backend-p95-latency'],
      expectations: [noPage, { kind: 'recovers-within', withinMs: (faultMinutes + 15) * MINUTE }],
      timeoutMinutes: faultMinutes + 25,
      traffic: true,
      steps: fisSteps(`aws:ecs:task-network-packet-loss, ${d.packetLossPercent}% for ${faultMinutes} min on every backend task`),
      iam: FIS_IAM,
      unavailable: fisOff ?? (networkFaultsEnabled(config) ? undefined : 'network faults need ECS Exec off (services.enableExecuteCommand: false) and the fault-injection sidecar'),
    },
    {
      name: 'cache-az-power',
      proves: 'The cache fails over to its replica when its primary zone loses power, and the site stays up (runbook cache-failover).',
      fault: { kind: 'fis', experiment: 'cache-az-power' },
      watch: site,
      expectations: [noPage, { kind: 'recovers-within', withinMs: (faultMinutes + 15) * MINUTE }],
      timeoutMinutes: faultMinutes + 25,
      traffic: true,
      steps: fisSteps(`aws:elasticache:replicationgroup-interrupt-az-power in ${config.availabilityZones[0]} for ${faultMinutes} min`),
      iam: FIS_IAM,
      unavailable: fisOff ?? (config.cache.multiAz ? undefined : 'the cache is not Multi-AZ (cache.multiAz), the prerequisite of the FIS AZ power action'),
    },
    {
      name: 'az-power-interruption',
      proves: `Losing ${config.availabilityZones[0]} (its subnets cut off${config.cache.multiAz ? ', its cache nodes powered down' : ''}) leaves the site up (runbook losing-an-availability-zone).`,
      fault: { kind: 'fis', experiment: 'az-power-interruption' },
      watch: [...site, 'database-connection-down'],
      expectations: [noPage, { kind: 'recovers-within', withinMs: (faultMinutes + 20) * MINUTE }],
      timeoutMinutes: faultMinutes + 30,
      traffic: true,
      steps: fisSteps(
        `aws:network:disrupt-connectivity on the subnets of ${config.availabilityZones[0]}${config.cache.multiAz ? ' and the cache AZ power action' : ''} for ${faultMinutes} min`,
      ),
      iam: FIS_IAM,
      unavailable: fisOff,
    },
    {
      name: 'docdb-failover',
      proves: 'A DocumentDB failover promotes the replica within minutes and the site never pages (runbook database-connection-down).',
      fault: { kind: 'docdb-failover' },
      watch: [...site, 'database-connection-down'],
      expectations: [noPage, { kind: 'recovers-within', withinMs: 10 * MINUTE }],
      timeoutMinutes: 20,
      traffic: true,
      steps: [
        'check that no watched alarm is in ALARM (else refuse)',
        `FailoverDBCluster on ${config.name}-flashcard-lms (needs a replica)`,
        'watch until the cluster is available with a new writer and everything is healthy',
        'cleanup: nothing to undo (the old writer is now a replica)',
        'write the report',
      ],
      iam: ['rds:DescribeDBClusters', 'rds:FailoverDBCluster'],
      unavailable: config.documentDb.instances >= 2 ? undefined : 'DocumentDB has one instance (documentDb.instances): there is no replica to fail over to',
    },
    {
      name: 'restore-test',
      proves: 'The latest DocumentDB and EFS recovery points restore, the way the scheduled restore testing restores them, within the RTO (README Known limits).',
      fault: { kind: 'restore-test' },
      watch: ['site-down'],
      expectations: [noPage, { kind: 'recovers-within', withinMs: 180 * MINUTE }],
      timeoutMinutes: 240,
      traffic: false,
      steps: [
        'find the latest completed DocumentDB and EFS recovery points in the backup vault',
        'start a restore job for each with the restore-testing role and metadata overrides',
        'wait for both jobs to complete (the time to restore)',
        'cleanup: delete the restored cluster (and its instances) and the restored file system',
        'write the report',
      ],
      iam: [...RESTORE_IAM, 'elasticfilesystem:DeleteFileSystem'],
    },
    {
      name: 'dr-rehearsal',
      proves: 'The latest recovery point becomes a working database: restored, an instance added, the verify command passes; the time to that is the measured RTO.',
      fault: { kind: 'dr-rehearsal' },
      watch: ['site-down'],
      expectations: [noPage, { kind: 'recovers-within', withinMs: 240 * MINUTE }],
      timeoutMinutes: 300,
      traffic: false,
      steps: [
        'restore the latest DocumentDB recovery point into a throwaway cluster',
        `add one ${config.documentDb.instanceClass} instance and wait for it`,
        'run the migration verify command as a one-off task of the migration task definition, DRILL_DATABASE_HOST set to the restored endpoint',
        'RTO = start to the verify command passing',
        'cleanup: stop the verify task, delete the instance and the throwaway cluster',
        'write the report',
      ],
      iam: [
        ...RESTORE_IAM,
        'rds:CreateDBInstance',
        'rds:DescribeDBInstances',
        'ecs:RunTask',
        'ecs:DescribeTasks',
        'ecs:StopTask',
        'iam:PassRole (migration task roles)',
        'cloudformation:DescribeStacks',
      ],
    },
    {
      name: 'secret-rotation',
      proves: 'Rotating the JWT keys, the Redis AUTH token and the application database user during traffic fails no request, and the URLs stay valid.',
      fault: { kind: 'secret-rotation' },
      watch: site,
      expectations: [noPage, { kind: 'no-failed-requests' }, { kind: 'recovers-within', withinMs: 30 * MINUTE }],
      timeoutMinutes: 40,
      traffic: true,
      steps: [
        'RotateSecret on the JWT keys, Redis AUTH token and application user secrets',
        'every 30 s: request the API readiness path, the site and the status page; count failures',
        'wait until no secret has an AWSPENDING version',
        'cleanup: nothing to undo (the new values stay)',
        'write the report',
      ],
      iam: ['secretsmanager:RotateSecret', 'secretsmanager:DescribeSecret'],
    },
  ];
}
