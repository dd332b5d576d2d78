import { BackupClient, DescribeRestoreJobCommand, PutRestoreValidationResultCommand } from '@aws-sdk/client-backup';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, DocDBClient } from '@aws-sdk/client-docdb';
import { DescribeFileSystemsCommand, EFSClient } from '@aws-sdk/client-efs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { Probe } from './probe';

export interface Clients {
  readonly backup: BackupClient;
  readonly docdb: DocDBClient;
  readonly efs: EFSClient;
  readonly sns: SNSClient;
}

export interface Settings {
  readonly envName: string;
  /** Failures are published here. */
  readonly warningTopicArn: string;
  /** Only jobs of this restore testing plan are validated. @default any restore testing plan */
  readonly restoreTestingPlanArn?: string;
  /** TCP connect timeout for the restored cluster's endpoint. */
  readonly connectTimeoutMs: number;
  /** A restored file system must hold at least this many bytes. */
  readonly minFileSystemBytes: number;
}

export type ValidationStatus = 'SUCCESSFUL' | 'FAILED';

export interface Verdict {
  readonly status: ValidationStatus;
  readonly message: string;
}

export interface Outcome extends Verdict {
  readonly restoreJobId: string;
  readonly resourceType?: string;
  readonly resourceArn?: string;
}

const ok = (message: string): Verdict => ({ status: 'SUCCESSFUL', message });
const failed = (message: string): Verdict => ({ status: 'FAILED', message });

function describeError(e: unknown): string {
  const err = e as { name?: string; message?: string };
  return `${err.name ?? 'Error'}: ${err.message ?? String(e)}`;
}

/** Last segment after `marker` in an ARN (cluster id, file system id). */
function idFromArn(arn: string, marker: string): string | undefined {
  const at = arn.lastIndexOf(marker);
  return at < 0 ? undefined : arn.slice(at + marker.length) || undefined;
}

/** The restored cluster is available, encrypted, and (when it has an instance) its endpoint answers. */
export async function validateDocumentDb(docdb: DocDBClient, clusterArn: string, probe: Probe, timeoutMs: number): Promise<Verdict> {
  const id = idFromArn(clusterArn, ':cluster:');
  if (!id) return failed(`${clusterArn} is not a DocumentDB cluster ARN`);
  const { DBClusters: clusters = [] } = await docdb.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }));
  const cluster = clusters[0];
  if (!cluster) return failed(`restored cluster ${id} was not found`);
  if (cluster.Status !== 'available') return failed(`restored cluster ${id} is "${cluster.Status}", expected "available"`);
  if (cluster.StorageEncrypted !== true) return failed(`restored cluster ${id} is not encrypted at rest`);

  const { DBInstances: instances = [] } = await docdb.send(
    new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-cluster-id', Values: [id] }] }),
  );
  if (instances.length === 0) {
    // AWS Backup restores the cluster volume only; with no instance there is no endpoint to probe.
    return ok(`restored cluster ${id} is available and encrypted (no instance restored, endpoint not probed)`);
  }
  const available = instances.filter((i) => i.DBInstanceStatus === 'available');
  if (available.length === 0) {
    const states = instances.map((i) => `${i.DBInstanceIdentifier}=${i.DBInstanceStatus}`).join(', ');
    return failed(`restored cluster ${id} has no available instance (${states})`);
  }
  if (!cluster.Endpoint || !cluster.Port) return failed(`restored cluster ${id} has no endpoint`);
  try {
    await probe(cluster.Endpoint, cluster.Port, timeoutMs);
  } catch (e) {
    return failed(`restored cluster ${id} is available but ${cluster.Endpoint}:${cluster.Port} did not answer: ${(e as Error).message}`);
  }
  return ok(`restored cluster ${id} is available, encrypted, and ${cluster.Endpoint}:${cluster.Port} answers`);
}

/** The restored file system is available, encrypted and holds data. */
export async function validateEfs(efs: EFSClient, fileSystemArn: string, minBytes: number): Promise<Verdict> {
  const id = idFromArn(fileSystemArn, 'file-system/');
  if (!id) return failed(`${fileSystemArn} is not an EFS file system ARN`);
  const { FileSystems: fileSystems = [] } = await efs.send(new DescribeFileSystemsCommand({ FileSystemId: id }));
  const fs = fileSystems[0];
  if (!fs) return failed(`restored file system ${id} was not found`);
  if (fs.LifeCycleState !== 'available') return failed(`restored file system ${id} is "${fs.LifeCycleState}", expected "available"`);
  if (fs.Encrypted !== true) return failed(`restored file system ${id} is not encrypted at rest`);
  const size = fs.SizeInBytes?.Value ?? 0;
  if (size < minBytes) return failed(`restored file system ${id} holds ${size} bytes, expected at least ${minBytes}`);
  return ok(`restored file system ${id} is available, encrypted and holds ${size} bytes`);
}

/**
 * Validates the resource a restore testing job created, reports the result to AWS Backup (which
 * then deletes the resource) and publishes failures to the warning topic. Jobs that are not
 * restore tests of our plan are skipped (undefined).
 */
export async function validateRestoreJob(restoreJobId: string, clients: Clients, settings: Settings, probe: Probe): Promise<Outcome | undefined> {
  const job = await clients.backup.send(new DescribeRestoreJobCommand({ RestoreJobId: restoreJobId }));
  const plan = job.CreatedBy?.RestoreTestingPlanArn;
  if (!plan || (settings.restoreTestingPlanArn !== undefined && plan !== settings.restoreTestingPlanArn)) return undefined;

  const resourceType = job.ResourceType;
  const resourceArn = job.CreatedResourceArn;
  let verdict: Verdict;
  if (!resourceArn) {
    verdict = failed(`restore job ${restoreJobId} reports no created resource`);
  } else {
    try {
      if (resourceType === 'DocumentDB') verdict = await validateDocumentDb(clients.docdb, resourceArn, probe, settings.connectTimeoutMs);
      else if (resourceType === 'EFS') verdict = await validateEfs(clients.efs, resourceArn, settings.minFileSystemBytes);
      else verdict = failed(`no validation for resource type "${resourceType}" (${resourceArn}); expected DocumentDB or EFS`);
    } catch (e) {
      verdict = failed(`could not check ${resourceArn}: ${describeError(e)}`);
    }
  }

  const outcome: Outcome = { ...verdict, restoreJobId, resourceType, resourceArn };
  let reportError: unknown;
  try {
    await clients.backup.send(
      new PutRestoreValidationResultCommand({
        RestoreJobId: restoreJobId,
        ValidationStatus: verdict.status,
        // AWS Backup keeps at most 1024 characters.
        ValidationStatusMessage: verdict.message.slice(0, 1024),
      }),
    );
  } catch (e) {
    reportError = e;
  }
  if (verdict.status === 'FAILED' || reportError !== undefined) {
    await clients.sns.send(new PublishCommand({ TopicArn: settings.warningTopicArn, ...failureNotice(outcome, settings.envName, reportError) }));
  }
  if (reportError !== undefined) throw reportError;
  return outcome;
}

/** What on-call reads: what failed, what it means, what to check. */
export function failureNotice(outcome: Outcome, envName: string, reportError?: unknown): { Subject: string; Message: string } {
  const what = outcome.resourceType ?? 'resource';
  const lines = [
    `Restore test of ${what} in ${envName}: ${outcome.status === 'FAILED' ? 'FAILED' : 'result could not be reported'}.`,
    `Restore job: ${outcome.restoreJobId}`,
    `Restored resource: ${outcome.resourceArn ?? '(none)'}`,
    `Result: ${outcome.message}`,
  ];
  if (reportError !== undefined) lines.push(`Reporting the result to AWS Backup failed: ${describeError(reportError)}`);
  lines.push(
    '',
    'Impact: the latest recovery point may not restore; disaster recovery from it is unproven.',
    'Check: 1) the restore job in the AWS Backup console (Jobs > Restore jobs) and its status message;',
    '2) the restored resource (DocumentDB cluster / EFS file system) while it still exists;',
    '3) the restore-validation Lambda logs. See the README, "Recovery testing".',
  );
  return { Subject: `[${envName}] restore test failed: ${what}`.slice(0, 99), Message: lines.join('\n') };
}
