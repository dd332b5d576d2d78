import {
  BackupClient,
  DescribeRestoreJobCommand,
  GetRecoveryPointRestoreMetadataCommand,
  GetRestoreTestingSelectionCommand,
  ListRecoveryPointsByBackupVaultCommand,
  StartRestoreJobCommand,
} from '@aws-sdk/client-backup';
import {
  CreateDBInstanceCommand,
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DocDBClient,
} from '@aws-sdk/client-docdb';
import { DescribeTasksCommand, ECSClient, RunTaskCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import { DeleteFileSystemCommand, EFSClient } from '@aws-sdk/client-efs';
import { Fault, FaultState } from './types';

/** Where the environment's recovery points are and how restore testing restores them. */
export interface RestoreSource {
  readonly vaultName: string;
  /** Restore-testing plan and selection whose role and metadata overrides a drill reuses. */
  readonly planName: string;
  readonly selectionName: string;
  /** AWS Backup resource type: `DocumentDB` or `EFS`. */
  readonly resourceType: 'DocumentDB' | 'EFS';
}

export interface RestoreClients {
  readonly backup: BackupClient;
  readonly docdb: DocDBClient;
  readonly efs: EFSClient;
}

/** One restore job: latest completed recovery point, the restore-testing role and overrides. */
class RestoreJob {
  public jobId?: string;
  public createdArn?: string;
  public recoveryPoint?: string;

  constructor(
    private readonly clients: RestoreClients,
    public readonly source: RestoreSource,
    private readonly metadata: Record<string, string>,
  ) {}

  async start(): Promise<string> {
    const { backup } = this.clients;
    const points =
      (await backup.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: this.source.vaultName, ByResourceType: this.source.resourceType }))).RecoveryPoints ?? [];
    const latest = points.filter((p) => p.Status === 'COMPLETED').sort((a, b) => (b.CreationDate?.getTime() ?? 0) - (a.CreationDate?.getTime() ?? 0))[0];
    if (!latest?.RecoveryPointArn) throw new Error(`No completed ${this.source.resourceType} recovery point in vault ${this.source.vaultName}`);
    this.recoveryPoint = latest.RecoveryPointArn;
    const selection = (
      await backup.send(new GetRestoreTestingSelectionCommand({ RestoreTestingPlanName: this.source.planName, RestoreTestingSelectionName: this.source.selectionName }))
    ).RestoreTestingSelection;
    if (!selection?.IamRoleArn) throw new Error(`Restore-testing selection ${this.source.planName}/${this.source.selectionName} not found`);
    const stored =
      (await backup.send(new GetRecoveryPointRestoreMetadataCommand({ BackupVaultName: this.source.vaultName, RecoveryPointArn: latest.RecoveryPointArn }))).RestoreMetadata ?? {};
    const out = await backup.send(
      new StartRestoreJobCommand({
        RecoveryPointArn: latest.RecoveryPointArn,
        IamRoleArn: selection.IamRoleArn,
        ResourceType: this.source.resourceType,
        Metadata: { ...stored, ...selection.RestoreMetadataOverrides, ...this.metadata },
      }),
    );
    this.jobId = out.RestoreJobId;
    return `${this.source.resourceType} restore job ${this.jobId} from ${latest.RecoveryPointArn}`;
  }

  /** undefined while running; the created resource ARN when done. */
  async poll(): Promise<string | undefined> {
    const job = await this.clients.backup.send(new DescribeRestoreJobCommand({ RestoreJobId: this.jobId }));
    if (job.Status === 'COMPLETED') return (this.createdArn = job.CreatedResourceArn);
    if (job.Status === 'ABORTED' || job.Status === 'FAILED') throw new Error(`${this.source.resourceType} restore job ${this.jobId} ${job.Status}: ${job.StatusMessage ?? ''}`);
    return undefined;
  }

  /** Deletes what the job created (a finished job's resource, or the cluster name asked for). */
  async remove(clusterId?: string): Promise<string[]> {
    if (this.jobId === undefined) return [];
    if (this.source.resourceType === 'EFS') {
      if (this.createdArn === undefined) await this.poll().catch(() => undefined);
      if (this.createdArn === undefined) return [`EFS restore job ${this.jobId} created nothing yet; check it in AWS Backup and delete its file system when it finishes`];
      const id = this.createdArn.split('/').pop()!;
      await this.clients.efs.send(new DeleteFileSystemCommand({ FileSystemId: id }));
      return [`deleted restored file system ${id}`];
    }
    return removeCluster(this.clients.docdb, clusterId ?? this.createdArn?.split(':').pop() ?? '');
  }
}

/** Deletes a throwaway DocumentDB cluster and its instances, without a final snapshot. */
async function removeCluster(docdb: DocDBClient, clusterId: string): Promise<string[]> {
  if (!clusterId) return [];
  let cluster;
  try {
    cluster = (await docdb.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterId }))).DBClusters?.[0];
  } catch {
    return [`restored cluster ${clusterId} does not exist (the restore created nothing)`];
  }
  const done: string[] = [];
  for (const member of cluster?.DBClusterMembers ?? []) {
    await docdb.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: member.DBInstanceIdentifier }));
    done.push(`deleted instance ${member.DBInstanceIdentifier}`);
  }
  await docdb.send(new DeleteDBClusterCommand({ DBClusterIdentifier: clusterId, SkipFinalSnapshot: true }));
  done.push(`deleted restored cluster ${clusterId} (no final snapshot: it is a copy)`);
  return done;
}

/**
 * On-demand restore test: the latest DocumentDB and EFS recovery points restored the way the
 * scheduled restore testing restores them (same role, same metadata overrides), then deleted.
 */
export function restoreTestFault(clients: RestoreClients, sources: { readonly documentDb: RestoreSource; readonly efs: RestoreSource }, throwawayClusterId: string): Fault {
  // EFS: "newFileSystem" and "CreationToken" (AWS Backup API Reference, StartRestoreJob, Metadata).
  // DocumentDB: the new cluster's name; the key is unverified (docs/drills.md, Known limits).
  const jobs = [
    new RestoreJob(clients, sources.documentDb, { DBClusterIdentifier: throwawayClusterId }),
    new RestoreJob(clients, sources.efs, { newFileSystem: 'true', CreationToken: throwawayClusterId }),
  ];
  return {
    async start() {
      const started: string[] = [];
      for (const job of jobs) started.push(await job.start());
      return started.join('; ');
    },
    async poll(): Promise<FaultState> {
      try {
        const created = await Promise.all(jobs.map((j) => (j.createdArn !== undefined ? Promise.resolve(j.createdArn) : j.poll())));
        return created.every((c) => c !== undefined) ? { state: 'done', detail: `restored ${created.join(', ')}` } : { state: 'running' };
      } catch (e) {
        return { state: 'failed', reason: e instanceof Error ? e.message : String(e) };
      }
    },
    async cleanup() {
      const done: string[] = [];
      for (const job of jobs) done.push(...(await job.remove(job.source.resourceType === 'DocumentDB' ? throwawayClusterId : undefined)));
      return done.length > 0 ? done : ['nothing was restored'];
    },
  };
}

/** The verify command, run as a one-off task of the migration task definition. */
export interface VerifyTask {
  readonly ecs: ECSClient;
  readonly cluster: string;
  readonly taskDefinitionArn: string;
  readonly containerName: string;
  readonly subnets: readonly string[];
  readonly securityGroups: readonly string[];
  readonly command: readonly string[];
}

export interface DrRehearsalProps {
  readonly source: RestoreSource;
  readonly throwawayClusterId: string;
  /** Instance class of the throwaway cluster's one instance. */
  readonly instanceClass: string;
  readonly verify: VerifyTask;
}

type Phase = 'restoring' | 'adding-instance' | 'verifying' | 'done';

/**
 * DR rehearsal: the latest DocumentDB recovery point into a throwaway cluster, an instance,
 * the application's verify command against it (DRILL_DATABASE_HOST names the restored endpoint),
 * then everything removed. The time to the verify command's success is the measured RTO.
 */
export function drRehearsalFault(clients: RestoreClients, props: DrRehearsalProps): Fault {
  const job = new RestoreJob(clients, props.source, { DBClusterIdentifier: props.throwawayClusterId });
  const instanceId = `${props.throwawayClusterId}-1`;
  let phase: Phase = 'restoring';
  let taskArn: string | undefined;
  const step = async (): Promise<FaultState> => {
    if (phase === 'restoring') {
      if ((await job.poll()) === undefined) return { state: 'running', detail: 'restoring' };
      await clients.docdb.send(
        new CreateDBInstanceCommand({ DBClusterIdentifier: props.throwawayClusterId, DBInstanceIdentifier: instanceId, DBInstanceClass: props.instanceClass, Engine: 'docdb' }),
      );
      phase = 'adding-instance';
      return { state: 'running', detail: `restored; adding ${instanceId}` };
    }
    if (phase === 'adding-instance') {
      const instance = (await clients.docdb.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: instanceId }))).DBInstances?.[0];
      if (instance?.DBInstanceStatus !== 'available') return { state: 'running', detail: `instance ${instance?.DBInstanceStatus ?? 'creating'}` };
      const endpoint = (await clients.docdb.send(new DescribeDBClustersCommand({ DBClusterIdentifier: props.throwawayClusterId }))).DBClusters?.[0]?.Endpoint;
      const v = props.verify;
      const run = await v.ecs.send(
        new RunTaskCommand({
          cluster: v.cluster,
          taskDefinition: v.taskDefinitionArn,
          launchType: 'FARGATE',
          startedBy: 'drill-dr-rehearsal',
          networkConfiguration: { awsvpcConfiguration: { subnets: [...v.subnets], securityGroups: [...v.securityGroups], assignPublicIp: 'DISABLED' } },
          overrides: { containerOverrides: [{ name: v.containerName, command: [...v.command], environment: [{ name: 'DRILL_DATABASE_HOST', value: endpoint ?? '' }] }] },
        }),
      );
      taskArn = run.tasks?.[0]?.taskArn;
      if (!taskArn) return { state: 'failed', reason: `the verify task did not start: ${run.failures?.[0]?.reason ?? 'no reason given'}` };
      phase = 'verifying';
      return { state: 'running', detail: `verify task ${taskArn}` };
    }
    const task = (await props.verify.ecs.send(new DescribeTasksCommand({ cluster: props.verify.cluster, tasks: [taskArn!] }))).tasks?.[0];
    if (task?.lastStatus !== 'STOPPED') return { state: 'running', detail: `verify task ${task?.lastStatus ?? 'pending'}` };
    const exit = task.containers?.find((c) => c.name === props.verify.containerName)?.exitCode;
    if (exit !== 0) return { state: 'failed', reason: `the verify command exited ${exit ?? 'without a code'} (${task.stoppedReason ?? ''}); see the migration log group` };
    phase = 'done';
    return { state: 'done', detail: 'the verify command passed against the restored cluster' };
  };
  return {
    start: () => job.start(),
    async poll() {
      try {
        return await step();
      } catch (e) {
        return { state: 'failed', reason: e instanceof Error ? e.message : String(e) };
      }
    },
    async cleanup() {
      const done: string[] = [];
      if (taskArn && phase === 'verifying') {
        await props.verify.ecs.send(new StopTaskCommand({ cluster: props.verify.cluster, task: taskArn, reason: 'drill cleanup' }));
        done.push(`stopped verify task ${taskArn}`);
      }
      done.push(...(await job.remove(props.throwawayClusterId)));
      return done.length > 0 ? done : ['nothing was restored'];
    },
  };
}
