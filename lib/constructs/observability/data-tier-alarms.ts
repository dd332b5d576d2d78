import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../../config';
import { AlarmFactory } from './alarm-factory';

const { LESS_THAN_THRESHOLD: BELOW } = cloudwatch.ComparisonOperator;
const { NOT_BREACHING, MISSING } = cloudwatch.TreatMissingData;
const MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);

/** Memory (GiB) of DocumentDB instance classes, to turn FreeableMemory into a percentage. */
export function docdbMemoryGiB(instanceClass: string): number {
  if (/\.medium$/.test(instanceClass)) return 4;
  const size = instanceClass.split('.')[2];
  const multiple = size === 'large' ? 1 : Number(size.replace('xlarge', '') || 1) * 2;
  return 16 * multiple;
}

export interface DataTierAlarmsProps {
  /** Memory, CPU, replica lag and eviction thresholds of the environment. */
  readonly thresholds: EnvironmentConfig['monitoring'];
  readonly alarms: AlarmFactory;
  /** DocumentDB instance class (e.g. `db.r6g.large`): sizes the free-memory threshold. */
  readonly docdbInstanceClass: string;
  /** Instances of the DocumentDB cluster; a replica lag alarm when there are several. */
  readonly docdbInstanceIds: readonly string[];
  /** ElastiCache node type, named in the runbooks. */
  readonly cacheNodeType: string;
  /** Cache nodes, primary first; a failover alarm when there are replicas. */
  readonly cacheNodeIds: readonly string[];
}

/** DocumentDB and ElastiCache: memory (the plan's MemoryUsageHigh), CPU, replica lag, evictions, failover. */
export class DataTierAlarms extends Construct {
  constructor(scope: Construct, id: string, props: DataTierAlarmsProps) {
    super(scope, id);
    const { alarms, thresholds: m } = props;
    // --- DocumentDB
    const docdb = (metricName: string, instanceId: string, statistic = 'Average') =>
      new cloudwatch.Metric({ namespace: 'AWS/DocDB', metricName, dimensionsMap: { DBInstanceIdentifier: instanceId }, period: MINUTE, statistic });
    const across = (metricName: string, fn: 'MAX' | 'MIN', statistic: string) => {
      const usingMetrics = Object.fromEntries(props.docdbInstanceIds.map((id, i) => [`i${i}`, docdb(metricName, id, statistic)]));
      return new cloudwatch.MathExpression({
        expression: `${fn}([${Object.keys(usingMetrics).join(',')}])`,
        usingMetrics,
        period: MINUTE,
        label: `${metricName} (${fn.toLowerCase()} of instances)`,
      });
    };
    const memoryBytes = docdbMemoryGiB(props.docdbInstanceClass) * 1024 ** 3;
    alarms.alarm({
      name: 'docdb-memory-high',
      runbook: 'docdb-memory-high',
      severity: 'warning',
      metric: across('FreeableMemory', 'MIN', 'Minimum'),
      threshold: Math.round((memoryBytes * (100 - m.memoryPercent)) / 100),
      comparisonOperator: BELOW,
      evaluationPeriods: 5,
      treatMissingData: MISSING,
      what: `A DocumentDB instance has less than ${100 - m.memoryPercent}% of its memory free for 5 minutes.`,
      impact: 'Queries spill to storage and slow down; the working set no longer fits.',
      checks: ['the profiler log for new slow queries or missing indexes', 'connections per instance', `a larger instance class than ${props.docdbInstanceClass}`],
    });
    alarms.alarm({
      name: 'docdb-cpu-high',
      runbook: 'docdb-cpu-high',
      severity: 'warning',
      metric: across('CPUUtilization', 'MAX', 'Average'),
      threshold: m.cpuPercent,
      evaluationPeriods: 10,
      treatMissingData: MISSING,
      what: `A DocumentDB instance runs above ${m.cpuPercent}% CPU for 10 minutes.`,
      impact: 'Response times rise; writes may time out.',
      checks: ['the profiler log for slow operations', 'a migration or batch job running', 'read traffic on the primary (readPreference)'],
    });
    if (props.docdbInstanceIds.length > 1) {
      alarms.alarm({
        name: 'docdb-replica-lag',
        runbook: 'docdb-replica-lag',
        severity: 'warning',
        metric: across('DBInstanceReplicaLag', 'MAX', 'Maximum'),
        threshold: m.replicaLagMs,
        evaluationPeriods: 5,
        treatMissingData: MISSING,
        what: `A DocumentDB replica lags the primary by more than ${m.replicaLagMs} ms for 5 minutes.`,
        impact: 'Reads from replicas (secondaryPreferred) return stale data; a failover would lose nothing but take longer.',
        checks: ['write volume on the primary', 'replica CPU and memory', 'a replica of a smaller class than the primary'],
      });
    }

    // --- ElastiCache (metrics are per node: <group>-001, -002, ...)
    const nodes = props.cacheNodeIds;
    const cache = (metricName: string, fn: 'MAX' | 'SUM', statistic: string, period = MINUTE) => {
      const usingMetrics = Object.fromEntries(
        nodes.map((node, i) => [`n${i}`, new cloudwatch.Metric({ namespace: 'AWS/ElastiCache', metricName, dimensionsMap: { CacheClusterId: node }, period, statistic })]),
      );
      return new cloudwatch.MathExpression({
        expression: `${fn}([${Object.keys(usingMetrics).join(',')}])`,
        usingMetrics,
        period,
        label: `${metricName} (${fn.toLowerCase()} of nodes)`,
      });
    };
    alarms.alarm({
      name: 'cache-memory-high',
      runbook: 'cache-memory-high',
      severity: 'warning',
      metric: cache('DatabaseMemoryUsagePercentage', 'MAX', 'Maximum'),
      threshold: m.memoryPercent,
      evaluationPeriods: 5,
      treatMissingData: MISSING,
      what: `The cache uses more than ${m.memoryPercent}% of its memory for 5 minutes.`,
      impact: 'Evictions follow: sessions and rate-limit counters may be dropped.',
      checks: ['keys without TTL growing (INFO keyspace via a bastion task)', 'evictions on the dashboard', `a larger node type than ${props.cacheNodeType}`],
    });
    alarms.alarm({
      name: 'cache-cpu-high',
      runbook: 'cache-cpu-high',
      severity: 'warning',
      metric: cache('EngineCPUUtilization', 'MAX', 'Average'),
      threshold: m.cpuPercent,
      evaluationPeriods: 10,
      treatMissingData: MISSING,
      what: `The cache engine CPU is above ${m.cpuPercent}% for 10 minutes.`,
      impact: 'Cache calls slow down, and every API request with them.',
      checks: ['slow-log group for expensive commands (KEYS, large sets)', 'request rate on the dashboard', 'connection churn (new connections per minute)'],
    });
    alarms.alarm({
      name: 'cache-evictions',
      runbook: 'cache-evictions',
      severity: 'warning',
      metric: cache('Evictions', 'SUM', 'Sum', FIVE_MINUTES),
      threshold: m.evictionsPer5Minutes,
      evaluationPeriods: 1,
      treatMissingData: NOT_BREACHING,
      what: `The cache evicted more than ${m.evictionsPer5Minutes} keys in 5 minutes.`,
      impact: 'Users may be logged out or rate limits reset; DocumentDB load rises from cache misses.',
      checks: ['cache memory use', 'keys without TTL', `a larger node type than ${props.cacheNodeType}`],
    });
    if (nodes.length > 1) {
      alarms.alarm({
        name: 'cache-failover',
        runbook: 'cache-failover',
        severity: 'warning',
        metric: new cloudwatch.Metric({ namespace: 'AWS/ElastiCache', metricName: 'IsMaster', dimensionsMap: { CacheClusterId: nodes[0] }, period: MINUTE, statistic: 'Minimum' }),
        threshold: 1,
        comparisonOperator: BELOW,
        evaluationPeriods: 1,
        treatMissingData: NOT_BREACHING,
        what: `The cache failed over: ${nodes[0]} is no longer the primary.`,
        impact: 'A few seconds of cache errors during the switch; the app reconnects through the primary endpoint.',
        checks: [
          'ElastiCache events of the replication group (node replaced? AZ issue?)',
          'backend ERROR logs around the failover time',
          'whether the old primary rejoined as a replica',
        ],
      });
    }
  }
}
