import * as fs from 'node:fs';
import { BackupClient } from '@aws-sdk/client-backup';
import { DocDBClient } from '@aws-sdk/client-docdb';
import { SNSClient } from '@aws-sdk/client-sns';
import { Env, EnvReader } from '../../shared/env-reader';
import { log } from '../../shared/log';
import { eventReader } from '../../shared/event-input';
import { reportOutcome } from '../report';
import { EndpointResult, probeClusterEndpoint } from './endpoint';
import { describeProbeInstance, ensureProbeInstanceDeleted, InstanceState, Prepared, PROBE_INSTANCE_PREFIX, prepareProbeInstance } from './instance';
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

// A DocumentDB cluster ARN; the probe never acts on anything else. Identifiers: 1-63 letters, digits or
// hyphens, a letter first (DocumentDB API, CreateDBCluster DBClusterIdentifier).
const CLUSTER_ARN = /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:cluster:[A-Za-z][A-Za-z0-9-]{0,62}$/;
const INSTANCE_ID = new RegExp(`^${PROBE_INSTANCE_PREFIX}[a-z0-9-]+$`);

/** The cluster a step acts on, checked before any call: an empty or malformed input fails naming the field. */
function clusterInput(event: unknown, step: string): ClusterInput {
  const r = eventReader(event, `restore probe step "${step}" input`, 'an object with clusterArn');
  const clusterArn = r.matching('clusterArn', CLUSTER_ARN, 'a DocumentDB cluster ARN (arn:aws:rds:<region>:<account>:cluster:<id>)');
  r.done();
  return { clusterArn };
}

export async function prepare(input: ClusterInput): Promise<Prepared> {
  const event = clusterInput(input, 'prepare');
  const read = new EnvReader(process.env);
  const instanceClass = read.required('INSTANCE_CLASS', 'a DocumentDB instance class, e.g. db.t4g.medium');
  const envName = read.required('ENV_NAME', 'the environment name');
  read.finish('restore probe');
  const prepared = await prepareProbeInstance(docdb, event.clusterArn, {
    instanceClass,
    tags: { Environment: envName, Purpose: 'restore-test-probe', ManagedBy: 'flashcard-lms-restore-testing' },
  });
  log('info', 'probe step', { step: 'prepare', clusterArn: event.clusterArn, ...prepared });
  return prepared;
}

export async function instanceStatus(input: { readonly instanceId: string }): Promise<InstanceState> {
  // Without an identifier DescribeDBInstances would list every instance of the account.
  const r = eventReader(input, 'restore probe step "instance-status" input', 'an object with instanceId');
  const event = { instanceId: r.matching('instanceId', INSTANCE_ID, `the probe's own instance identifier (${PROBE_INSTANCE_PREFIX}...)`) };
  r.done();
  const state = await describeProbeInstance(docdb, event.instanceId);
  log('info', 'probe step', { step: 'instance-status', ...state });
  return state;
}

/** Settings of the probe-endpoint step. */
export interface ProbeSettings {
  /** PEM bundle the cluster's certificate must chain to. */
  readonly caFile: string;
  readonly timeoutMs: number;
}

export function probeSettings(env: Env): ProbeSettings {
  const read = new EnvReader(env);
  // The Lambda runtime's bundle holds the Amazon RDS CAs: nothing is downloaded.
  const caFile = read.optional('CA_FILE', '/var/runtime/ca-cert.pem');
  const timeoutMs = read.integer('CONNECT_TIMEOUT_MS', 5000, { min: 100, max: 20000 }, 'milliseconds');
  read.finish('restore probe');
  return { caFile, timeoutMs };
}

export async function probeEndpoint(input: ClusterInput): Promise<EndpointResult> {
  const event = clusterInput(input, 'probe-endpoint');
  const { caFile, timeoutMs } = probeSettings(process.env);
  const result = await probeClusterEndpoint(docdb, event.clusterArn, wireProbe, { ca: fs.readFileSync(caFile, 'utf8'), timeoutMs });
  // Nested: the result's own `message` would replace the log line's.
  log('info', 'probe step', { step: 'probe-endpoint', clusterArn: event.clusterArn, result });
  return result;
}

export async function cleanup(input: ClusterInput): Promise<InstanceState> {
  const event = clusterInput(input, 'cleanup');
  const state = await ensureProbeInstanceDeleted(docdb, event.clusterArn);
  log('info', 'probe step', { step: 'cleanup', clusterArn: event.clusterArn, ...state });
  return state;
}

export async function report(input: ProbeExecutionState): Promise<ProbeVerdict> {
  // The verdict is reported to AWS Backup for this job: without it there is nothing to report on.
  const r = eventReader(input, 'restore probe step "report" input', 'the execution state with restoreJobId and clusterArn');
  r.required('restoreJobId');
  r.matching('clusterArn', CLUSTER_ARN, 'a DocumentDB cluster ARN (arn:aws:rds:<region>:<account>:cluster:<id>)');
  r.done();
  const event = input;
  const read = new EnvReader(process.env);
  const settings = {
    envName: read.required('ENV_NAME', 'the environment name'),
    warningTopicArn: read.required('WARNING_TOPIC_ARN', 'the ARN of the warning topic'),
    instanceTimeoutMinutes: read.integer('INSTANCE_TIMEOUT_MINUTES', 45, { min: 1, max: 600 }, 'minutes'),
    deletionTimeoutMinutes: read.integer('DELETION_TIMEOUT_MINUTES', 45, { min: 1, max: 600 }, 'minutes'),
  };
  read.finish('restore probe');
  const verdict = probeVerdict(event, settings);
  log('info', 'probe step', { step: 'report', restoreJobId: event.restoreJobId, clusterArn: event.clusterArn, verdict });
  await reportOutcome({ ...verdict, restoreJobId: event.restoreJobId, resourceType: 'DocumentDB', resourceArn: event.clusterArn }, { backup, sns }, settings, verdict.attention);
  return verdict;
}
