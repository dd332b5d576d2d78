import * as fs from 'node:fs';
import { BackupClient } from '@aws-sdk/client-backup';
import { DocDBClient } from '@aws-sdk/client-docdb';
import { SNSClient } from '@aws-sdk/client-sns';
import { EnvReader } from '../../shared/env-reader';
import { reportOutcome } from '../report';
import { EndpointResult, probeClusterEndpoint } from './endpoint';
import { describeProbeInstance, ensureProbeInstanceDeleted, InstanceState, Prepared, prepareProbeInstance } from './instance';
import { ProbeExecutionState, probeVerdict, ProbeVerdict } from './verdict';
import { wireProbe } from './wire-probe';

/**
 * Steps of the DocumentDB restore probe state machine, one small Lambda each (so each gets only
 * the permissions its step needs). The state machine does the waiting and the error handling.
 */

const docdb = new DocDBClient({});
const backup = new BackupClient({});
const sns = new SNSClient({});

/** Step input: the execution input (restore job and restored cluster). */
export interface ClusterInput {
  readonly clusterArn: string;
}

export async function prepare(event: ClusterInput): Promise<Prepared> {
  const read = new EnvReader(process.env);
  const instanceClass = read.required('INSTANCE_CLASS', 'a DocumentDB instance class, e.g. db.t4g.medium');
  const envName = read.required('ENV_NAME', 'the environment name');
  read.finish('restore probe');
  const prepared = await prepareProbeInstance(docdb, event.clusterArn, {
    instanceClass,
    tags: { Environment: envName, Purpose: 'restore-test-probe', ManagedBy: 'flashcard-lms-restore-testing' },
  });
  console.log(JSON.stringify({ step: 'prepare', clusterArn: event.clusterArn, ...prepared }));
  return prepared;
}

export async function instanceStatus(event: { readonly instanceId: string }): Promise<InstanceState> {
  const state = await describeProbeInstance(docdb, event.instanceId);
  console.log(JSON.stringify({ step: 'instance-status', ...state }));
  return state;
}

export async function probeEndpoint(event: ClusterInput): Promise<EndpointResult> {
  const read = new EnvReader(process.env);
  const caFile = read.optional('CA_FILE', '/var/runtime/ca-cert.pem');
  const timeoutMs = read.integer('CONNECT_TIMEOUT_MS', 5000, { min: 100, max: 20000 }, 'milliseconds');
  read.finish('restore probe');
  // The Lambda runtime's bundle holds the Amazon RDS CAs: nothing is downloaded.
  const result = await probeClusterEndpoint(docdb, event.clusterArn, wireProbe, { ca: fs.readFileSync(caFile, 'utf8'), timeoutMs });
  console.log(JSON.stringify({ step: 'probe-endpoint', clusterArn: event.clusterArn, ...result }));
  return result;
}

export async function cleanup(event: ClusterInput): Promise<InstanceState> {
  const state = await ensureProbeInstanceDeleted(docdb, event.clusterArn);
  console.log(JSON.stringify({ step: 'cleanup', clusterArn: event.clusterArn, ...state }));
  return state;
}

export async function report(event: ProbeExecutionState): Promise<ProbeVerdict> {
  const read = new EnvReader(process.env);
  const settings = {
    envName: read.required('ENV_NAME', 'the environment name'),
    warningTopicArn: read.required('WARNING_TOPIC_ARN', 'the ARN of the warning topic'),
    instanceTimeoutMinutes: read.integer('INSTANCE_TIMEOUT_MINUTES', 45, { min: 1, max: 600 }, 'minutes'),
    deletionTimeoutMinutes: read.integer('DELETION_TIMEOUT_MINUTES', 45, { min: 1, max: 600 }, 'minutes'),
  };
  read.finish('restore probe');
  const verdict = probeVerdict(event, settings);
  console.log(JSON.stringify({ step: 'report', restoreJobId: event.restoreJobId, clusterArn: event.clusterArn, ...verdict }));
  await reportOutcome({ ...verdict, restoreJobId: event.restoreJobId, resourceType: 'DocumentDB', resourceArn: event.clusterArn }, { backup, sns }, settings, verdict.attention);
  return verdict;
}
