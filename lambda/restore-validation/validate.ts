import { BackupClient, DescribeRestoreJobCommand } from '@aws-sdk/client-backup';
import { DescribeFileSystemsCommand, EFSClient } from '@aws-sdk/client-efs';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { describeError, failed, idFromArn, ok, Outcome, reportOutcome, Verdict } from './report';

export interface Clients {
  readonly backup: BackupClient;
  readonly efs: EFSClient;
  readonly sfn: SFNClient;
  readonly sns: SNSClient;
}

export interface Settings {
  readonly envName: string;
  /** Failures are published here. */
  readonly warningTopicArn: string;
  /** Only jobs of this restore testing plan are validated. @default any restore testing plan */
  readonly restoreTestingPlanArn?: string;
  /** State machine that adds an instance to a restored DocumentDB cluster, probes it and reports. */
  readonly documentDbProbeStateMachineArn: string;
  /** A restored file system must hold at least this many bytes. */
  readonly minFileSystemBytes: number;
}

/** A DocumentDB job handed to the probe state machine, which reports the result itself. */
export interface HandedOff {
  readonly restoreJobId: string;
  readonly resourceType: 'DocumentDB';
  readonly resourceArn: string;
  readonly probeExecutionArn: string;
}

/** Input of the DocumentDB probe state machine. */
export interface ProbeInput {
  readonly restoreJobId: string;
  readonly clusterArn: string;
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
 * Execution name of a restore job: one execution per job, so a re-delivered event finds the
 * running one instead of adding a second instance (names allow letters, digits, - and _, 80 at most).
 */
export function executionName(restoreJobId: string): string {
  return restoreJobId.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80);
}

/** Starts (or, for a repeated event, finds) the probe of a restored DocumentDB cluster. */
export async function startDocumentDbProbe(sfn: SFNClient, stateMachineArn: string, input: ProbeInput): Promise<string> {
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: executionName(input.restoreJobId), input: JSON.stringify(input) }));
  if (!executionArn) throw new Error(`StartExecution of ${stateMachineArn} returned no execution ARN`);
  return executionArn;
}

/**
 * Validates the resource a restore testing job created, reports the result to AWS Backup (which
 * then deletes the resource) and publishes failures to the warning topic. A DocumentDB cluster
 * needs minutes of work (an instance must be added before its endpoint answers), so it is handed
 * to the probe state machine, which reports itself. Jobs that are not restore tests of our plan
 * are skipped (undefined).
 */
export async function validateRestoreJob(restoreJobId: string, clients: Clients, settings: Settings): Promise<Outcome | HandedOff | undefined> {
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
      if (resourceType === 'DocumentDB') {
        const probeExecutionArn = await startDocumentDbProbe(clients.sfn, settings.documentDbProbeStateMachineArn, { restoreJobId, clusterArn: resourceArn });
        return { restoreJobId, resourceType, resourceArn, probeExecutionArn };
      }
      if (resourceType === 'EFS') verdict = await validateEfs(clients.efs, resourceArn, settings.minFileSystemBytes);
      else verdict = failed(`no validation for resource type "${resourceType}" (${resourceArn}); expected DocumentDB or EFS`);
    } catch (e) {
      verdict = failed(`could not check ${resourceArn}: ${describeError(e)}`);
    }
  }

  const outcome: Outcome = { ...verdict, restoreJobId, resourceType, resourceArn };
  await reportOutcome(outcome, clients, settings);
  return outcome;
}
