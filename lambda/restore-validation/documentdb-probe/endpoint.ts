import { DescribeDBClustersCommand, DocDBClient } from '@aws-sdk/client-docdb';
import { clusterIdOf } from './instance';
import { WireProbe, WireProbeOptions } from './wire-probe';

/** Result of the endpoint probe; a probe that does not answer is a result, not an error. */
export interface EndpointResult {
  readonly ok: boolean;
  readonly message: string;
}

/** Probes the cluster endpoint of a restored cluster once its temporary instance is available. */
export async function probeClusterEndpoint(docdb: DocDBClient, clusterArn: string, probe: WireProbe, options: WireProbeOptions): Promise<EndpointResult> {
  const clusterId = clusterIdOf(clusterArn);
  if (clusterId === undefined) return { ok: false, message: `${clusterArn} is not a DocumentDB cluster ARN` };
  const { DBClusters: clusters = [] } = await docdb.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterId }));
  const cluster = clusters[0];
  if (!cluster) return { ok: false, message: `restored cluster ${clusterId} was not found` };
  if (!cluster.Endpoint || !cluster.Port) return { ok: false, message: `restored cluster ${clusterId} has no endpoint` };
  const target = `${cluster.Endpoint}:${cluster.Port}`;
  try {
    const answer = await probe(cluster.Endpoint, cluster.Port, options);
    const wire = answer.maxWireVersion === undefined ? '' : `, wire version ${answer.maxWireVersion}`;
    return {
      ok: true,
      message: `restored cluster ${clusterId} is available, encrypted, and ${target} answers isMaster over ${answer.tlsVersion} with a trusted certificate${wire}`,
    };
  } catch (e) {
    return { ok: false, message: `restored cluster ${clusterId} has an available instance but ${target} did not answer: ${(e as Error).message}` };
  }
}
