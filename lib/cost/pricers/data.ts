import { Pricer, PricerContext, PricerResult, refId, resourcesOfType, runsPerMonth } from './context';
import { clusterOnShare } from './schedules';

/** Nodes of a replication group: NumCacheClusters, else shards x (replicas + 1). */
export function replicationGroupNodes(props: Record<string, any>): number {
  if (props.NumCacheClusters !== undefined) return Number(props.NumCacheClusters);
  const shards = Number(props.NumNodeGroups ?? (props.NodeGroupConfiguration?.length || 1));
  return shards * (Number(props.ReplicasPerNodeGroup ?? 0) + 1);
}

function cacheNodes(ctx: PricerContext, nodes: number): PricerResult[] {
  const { props, hours, assumptions } = ctx;
  const engine = String(props.Engine ?? 'redis').toLowerCase();
  const out: PricerResult[] = [
    { line: `ElastiCache ${engine} ${props.CacheNodeType} node hours`, quantity: nodes * hours, priceKeys: [`elasticache.node-hour:${engine}:${props.CacheNodeType}`] },
  ];
  // One snapshot per cache is free; the retained rest is billed per GB-month.
  const extra = Math.max(0, Number(props.SnapshotRetentionLimit ?? 0) - 1);
  if (extra > 0) out.push({ line: 'ElastiCache snapshot storage', quantity: extra * assumptions.number('cacheDataGb'), priceKeys: ['elasticache.snapshot-gb-month'] });
  return out;
}

/** What a backup selection protects, by the ARNs or references it lists. */
function protectedData(ctx: PricerContext, planId: string): Array<{ kind: 'docdb' | 'efs' | 'unknown'; gb: number }> {
  const out: Array<{ kind: 'docdb' | 'efs' | 'unknown'; gb: number }> = [];
  for (const [, sel] of resourcesOfType(ctx.stack, 'AWS::Backup::BackupSelection')) {
    if (refId(sel.Properties?.BackupPlanId) !== planId) continue;
    for (const r of sel.Properties?.BackupSelection?.Resources ?? []) {
      const text = JSON.stringify(r);
      if (/:rds:[^"]*:cluster:|DocumentDb|DBCluster/i.test(text)) out.push({ kind: 'docdb', gb: ctx.assumptions.number('docdbStorageGb') });
      else if (/elasticfilesystem|FileSystem/i.test(text)) out.push({ kind: 'efs', gb: ctx.assumptions.number('efsStorageGb') });
      else out.push({ kind: 'unknown', gb: 0 });
    }
  }
  return out;
}

/**
 * Recovery-point storage of each rule: points kept = runs a day x retention days; the first point holds
 * the data, each further one the changed share (stated assumption). Copies to another region are stored
 * there at its price, and their transfer is billed per GB.
 */
function backupPlan(ctx: PricerContext): PricerResult[] {
  const out: PricerResult[] = [];
  const data = protectedData(ctx, ctx.id);
  if (data.some((d) => d.kind === 'unknown')) out.push({ unpriced: 'backup selection protects a resource type the estimator does not know' });
  const change = ctx.assumptions.number('backupChangeShare');
  for (const rule of ctx.props.BackupPlan?.BackupPlanRule ?? []) {
    const runs = runsPerMonth(rule.ScheduleExpression);
    if (runs === undefined) {
      out.push({ unpriced: `rule ${rule.RuleName}: schedule ${JSON.stringify(rule.ScheduleExpression)} not understood` });
      continue;
    }
    const stored = (days: number, gb: number) => gb * (1 + change * Math.max(0, (runs / 30.4) * days - 1));
    for (const d of data.filter((x) => x.kind !== 'unknown')) {
      const name = d.kind === 'docdb' ? 'DocumentDB' : 'EFS';
      const keep = Number(rule.Lifecycle?.DeleteAfterDays ?? 35);
      out.push({ line: `Backup storage, ${name}`, quantity: stored(keep, d.gb), priceKeys: [`backup.gb-month:${d.kind}`] });
      for (const copy of rule.CopyActions ?? []) {
        const region = /^arn:aws[\w-]*:backup:([a-z0-9-]+):/.exec(String(copy.DestinationBackupVaultArn))?.[1];
        if (!region) {
          out.push({ unpriced: `rule ${rule.RuleName}: copy destination region unknown` });
          continue;
        }
        out.push({
          line: `Backup storage, ${name} copy`,
          quantity: stored(Number(copy.Lifecycle?.DeleteAfterDays ?? keep), d.gb),
          priceKeys: [`backup.gb-month:${d.kind}`],
          region,
        });
        out.push({ line: 'Backup cross-region copy transfer', quantity: runs * d.gb * change, priceKeys: ['backup.copy-gb'] });
      }
    }
  }
  return out;
}

/** DBClusterIdentifier of the instance's cluster: a literal, or the cluster resource's own in the same template. */
function clusterIdentifier({ props, stack }: PricerContext): unknown {
  const id = refId(props.DBClusterIdentifier);
  return id === undefined ? props.DBClusterIdentifier : stack.resources[id]?.Properties?.DBClusterIdentifier;
}

export const DATA_PRICERS: Record<string, Pricer> = {
  'AWS::DocDB::DBInstance': (ctx) => {
    const { props, assumptions } = ctx;
    // A stopped cluster bills no instance hours ("Stopping and starting an Amazon DocumentDB cluster").
    const hours = ctx.hours * clusterOnShare(ctx.environment, clusterIdentifier(ctx), assumptions);
    return props.DBInstanceClass === 'db.serverless'
      ? [{ line: 'DocumentDB serverless capacity (DCU-hours)', quantity: assumptions.number('docdbServerlessAverageDcu') * hours, priceKeys: ['docdb.dcu-hour'] }]
      : [{ line: `DocumentDB ${props.DBInstanceClass} instance hours`, quantity: hours, priceKeys: [`docdb.instance-hour:${props.DBInstanceClass}`] }];
  },
  'AWS::DocDB::DBCluster': ({ props, assumptions }) => {
    if (props.StorageType === 'iopt1') return [{ unpriced: 'I/O-optimized storage is not priced' }];
    return [
      { line: 'DocumentDB storage', quantity: assumptions.number('docdbStorageGb'), priceKeys: ['docdb.storage-gb-month'] },
      { line: 'DocumentDB I/O (million)', quantity: assumptions.number('docdbMillionIos'), priceKeys: ['docdb.million-io'] },
      { line: 'DocumentDB backup beyond the free allowance', quantity: assumptions.number('docdbBackupGbBeyondFree'), priceKeys: ['docdb.backup-gb-month'] },
    ];
  },
  'AWS::ElastiCache::ReplicationGroup': (ctx) => cacheNodes(ctx, replicationGroupNodes(ctx.props)),
  'AWS::ElastiCache::CacheCluster': (ctx) => cacheNodes(ctx, Number(ctx.props.NumCacheNodes ?? 1)),
  'AWS::ElastiCache::ServerlessCache': ({ props, hours, assumptions }) => {
    const engine = String(props.Engine).toLowerCase();
    return [
      { line: `ElastiCache serverless ${engine} data (GB-hours)`, quantity: assumptions.number('cacheDataGb') * hours, priceKeys: [`elasticache.serverless-gb-hour:${engine}`] },
      { line: `ElastiCache serverless ${engine} ECPUs (million)`, quantity: assumptions.number('cacheMillionEcpus'), priceKeys: [`elasticache.serverless-million-ecpu:${engine}`] },
    ];
  },
  'AWS::EFS::FileSystem': ({ assumptions }) => {
    const gb = assumptions.number('efsStorageGb');
    const ia = assumptions.number('efsInfrequentShare');
    return [
      { line: 'EFS Standard storage', quantity: gb * (1 - ia), priceKeys: ['efs.standard-gb-month'] },
      { line: 'EFS Infrequent Access storage', quantity: gb * ia, priceKeys: ['efs.ia-gb-month'] },
    ];
  },
  'AWS::Backup::BackupPlan': backupPlan,
  'AWS::S3::Bucket': ({ assumptions }) => [{ line: 'S3 storage', quantity: assumptions.number('s3StorageGb'), priceKeys: ['s3.gb-month'] }],
  'AWS::ECR::Repository': ({ assumptions }) => [{ line: 'ECR image storage', quantity: assumptions.number('ecrStorageGb'), priceKeys: ['ecr.gb-month'] }],
};
