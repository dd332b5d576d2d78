import { DescribeDBClustersCommand, DocDBClient, FailoverDBClusterCommand } from '@aws-sdk/client-docdb';
import { Fault, FaultState } from './types';

/**
 * Forces a DocumentDB failover ("You can force a failover when you want to simulate a failure of
 * a primary instance for testing", DocumentDB API Reference, FailoverDBCluster). FIS has no
 * DocumentDB action, so the runner calls the API itself.
 */
export function docdbFailoverFault(docdb: DocDBClient, clusterId: string): Fault {
  let writerBefore: string | undefined;
  let failedOver = false;
  const describe = async () => {
    const cluster = (await docdb.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterId }))).DBClusters?.[0];
    if (!cluster) throw new Error(`DocumentDB cluster ${clusterId} not found`);
    return { status: cluster.Status, writer: cluster.DBClusterMembers?.find((m) => m.IsClusterWriter)?.DBInstanceIdentifier, members: cluster.DBClusterMembers?.length ?? 0 };
  };
  return {
    async start() {
      const before = await describe();
      if (before.members < 2) throw new Error(`DocumentDB cluster ${clusterId} has ${before.members} instance; a failover needs a replica (documentDb.instances >= 2)`);
      writerBefore = before.writer;
      await docdb.send(new FailoverDBClusterCommand({ DBClusterIdentifier: clusterId }));
      failedOver = true;
      return `failover of ${clusterId} (writer ${writerBefore})`;
    },
    async poll(): Promise<FaultState> {
      const now = await describe();
      if (now.status === 'available' && now.writer !== undefined && now.writer !== writerBefore) return { state: 'done', detail: `writer is now ${now.writer}` };
      return { state: 'running', detail: `cluster ${now.status}, writer ${now.writer ?? 'none'}` };
    },
    cleanup() {
      // The instances are alike; failing back would be a second outage for nothing.
      return Promise.resolve(failedOver ? [`nothing to restore: ${clusterId} keeps its new writer; the old one is a replica`] : ['no failover was started']);
    },
  };
}
