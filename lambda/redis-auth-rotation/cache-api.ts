/** What the rotation needs of a replication group. */
export interface ReplicationGroupState {
  /** `available`, `modifying`, ... (ElastiCache API: ReplicationGroup.Status). */
  readonly status: string;
  /** Primary endpoint (cluster mode disabled). */
  readonly primary?: { readonly host: string; readonly port: number };
}

/** ROTATE adds a token and keeps the old one valid; SET (allowed only after ROTATE) keeps only the given one. */
export type AuthTokenUpdateStrategy = 'ROTATE' | 'SET';

/** The two ElastiCache calls of the rotation, behind an interface so the steps are tested without the SDK. */
export interface CacheApi {
  describe(replicationGroupId: string): Promise<ReplicationGroupState>;
  setAuthToken(replicationGroupId: string, token: string, strategy: AuthTokenUpdateStrategy): Promise<void>;
}

/** The parts of the DescribeReplicationGroups response read here. */
interface ReplicationGroupsOutput {
  ReplicationGroups?: { Status?: string; NodeGroups?: { PrimaryEndpoint?: { Address?: string; Port?: number } }[] }[];
}

interface ElastiCacheModule {
  ElastiCacheClient: new (config: { maxAttempts?: number }) => { send(command: unknown): Promise<ReplicationGroupsOutput> };
  DescribeReplicationGroupsCommand: new (input: { ReplicationGroupId: string }) => unknown;
  ModifyReplicationGroupCommand: new (input: { ReplicationGroupId: string; AuthToken: string; AuthTokenUpdateStrategy: string; ApplyImmediately: boolean }) => unknown;
}

/**
 * The SDK-backed API. `@aws-sdk/client-elasticache` comes with the Lambda runtime (the bundle keeps
 * `@aws-sdk/*` external); it is loaded here only, so tests and type checks do not need it.
 */
export function sdkCacheApi(load: () => ElastiCacheModule = () => require('@aws-sdk/client-elasticache') as ElastiCacheModule): CacheApi {
  const sdk = load();
  const client = new sdk.ElastiCacheClient({ maxAttempts: 5 });
  return {
    async describe(id) {
      const out = await client.send(new sdk.DescribeReplicationGroupsCommand({ ReplicationGroupId: id }));
      const group = out.ReplicationGroups?.[0];
      if (group === undefined) throw new Error(`Replication group ${id} not found`);
      const endpoint = group.NodeGroups?.[0]?.PrimaryEndpoint;
      return {
        status: String(group.Status ?? 'unknown'),
        primary: endpoint?.Address ? { host: endpoint.Address, port: Number(endpoint.Port ?? 6379) } : undefined,
      };
    },
    async setAuthToken(id, token, strategy) {
      // ApplyImmediately: an AUTH token change otherwise waits for the maintenance window.
      await client.send(new sdk.ModifyReplicationGroupCommand({ ReplicationGroupId: id, AuthToken: token, AuthTokenUpdateStrategy: strategy, ApplyImmediately: true }));
    },
  };
}
