import { failed, ok, Verdict } from '../report';
import { EndpointResult } from './endpoint';
import { clusterIdOf, InstanceState, Prepared, probeInstanceId } from './instance';

/** What a Catch of the state machine records: the error name and its cause. */
export interface StepError {
  readonly Error?: string;
  readonly Cause?: string;
}

/**
 * The state of a probe execution when it reaches the report: the input plus what each step
 * recorded (a step that did not run leaves its field out).
 */
export interface ProbeExecutionState {
  readonly restoreJobId: string;
  readonly clusterArn: string;
  readonly prepared?: Prepared;
  readonly prepareError?: StepError;
  /** Last poll of the instance being created. */
  readonly instance?: InstanceState;
  readonly instanceError?: StepError;
  readonly endpoint?: EndpointResult;
  readonly endpointError?: StepError;
  /** Last poll of the instance being deleted. */
  readonly cleanup?: InstanceState;
  readonly cleanupError?: StepError;
}

export interface VerdictSettings {
  /** How long the state machine waits for the instance to become available. */
  readonly instanceTimeoutMinutes: number;
  /** How long the state machine waits for the instance to be deleted. */
  readonly deletionTimeoutMinutes: number;
}

export interface ProbeVerdict extends Verdict {
  /** A problem on-call must act on even when the test passed (the instance was not deleted). */
  readonly attention?: string;
}

/** The message of a Catch: a Lambda error's `errorMessage` when the cause is its JSON, else the raw cause. */
export function stepErrorMessage(error: StepError): string {
  const name = error.Error ?? 'Error';
  const cause = error.Cause ?? '';
  try {
    const parsed = JSON.parse(cause) as { errorType?: string; errorMessage?: string } | null;
    if (typeof parsed?.errorMessage === 'string') return `${parsed.errorType ?? name}: ${parsed.errorMessage}`;
  } catch {
    // Not JSON: a Step Functions error (States.Timeout, ...) with a plain cause.
  }
  return cause === '' ? name : `${name}: ${cause}`;
}

/** SUCCESSFUL only when the instance became available and the endpoint answered. */
function testVerdict(state: ProbeExecutionState, settings: VerdictSettings, clusterId: string, instanceId: string): Verdict {
  if (state.prepareError) return failed(`could not add temporary instance ${instanceId} to restored cluster ${clusterId}: ${stepErrorMessage(state.prepareError)}`);
  if (state.prepared && !state.prepared.created) return failed(state.prepared.problem ?? `no temporary instance was added to restored cluster ${clusterId}`);
  if (state.instanceError) return failed(`could not read temporary instance ${instanceId} of restored cluster ${clusterId}: ${stepErrorMessage(state.instanceError)}`);
  const instance = state.instance;
  if (instance === undefined) return failed(`temporary instance ${instanceId} of restored cluster ${clusterId} was never checked`);
  if (instance.phase === 'pending') {
    return failed(`temporary instance ${instanceId} of restored cluster ${clusterId} is still "${instance.status}" after ${settings.instanceTimeoutMinutes} minutes`);
  }
  if (instance.phase !== 'available') return failed(`temporary instance ${instanceId} of restored cluster ${clusterId} is "${instance.status}", expected "available"`);
  if (state.endpointError) return failed(`could not probe restored cluster ${clusterId}: ${stepErrorMessage(state.endpointError)}`);
  if (state.endpoint === undefined) return failed(`restored cluster ${clusterId} was never probed`);
  return state.endpoint.ok ? ok(state.endpoint.message) : failed(state.endpoint.message);
}

/** The result to report for a probe execution, plus what on-call must clean up by hand. */
export function probeVerdict(state: ProbeExecutionState, settings: VerdictSettings): ProbeVerdict {
  const clusterId = clusterIdOf(state.clusterArn) ?? state.clusterArn;
  const instanceId = probeInstanceId(clusterId);
  const verdict = testVerdict(state, settings, clusterId, instanceId);

  let leftover: string | undefined;
  if (state.cleanupError) leftover = `deleting it failed: ${stepErrorMessage(state.cleanupError)}`;
  else if (state.cleanup === undefined) leftover = 'it was never deleted';
  else if (state.cleanup.phase !== 'gone') leftover = `it is still "${state.cleanup.status}" after ${settings.deletionTimeoutMinutes} minutes`;
  if (leftover === undefined) return verdict;
  const attention = `temporary instance ${instanceId} may still exist (${leftover}); AWS Backup cannot delete restored cluster ${clusterId} while it has an instance: delete the instance, then the cluster`;
  return { ...verdict, message: `${verdict.message}; temporary instance ${instanceId} not deleted`, attention };
}
