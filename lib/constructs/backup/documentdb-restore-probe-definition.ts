import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/** The Lambda of each step of the DocumentDB restore probe. */
export interface ProbeSteps {
  /** Checks the restored cluster and adds the temporary instance. */
  readonly prepare: lambda.IFunction;
  /** Reads the status of the temporary instance. */
  readonly instanceStatus: lambda.IFunction;
  /** Probes the cluster endpoint from inside the VPC. */
  readonly probeEndpoint: lambda.IFunction;
  /** Deletes the temporary instance; called on every poll until it is gone. */
  readonly cleanup: lambda.IFunction;
  /** Decides the verdict from what the steps recorded and reports it. */
  readonly report: lambda.IFunction;
}

export interface ProbeLoopLimits {
  /** Wait between two polls. */
  readonly pollInterval: Duration;
  /** Polls of the instance being created before the test fails. */
  readonly maxInstancePolls: number;
  /** Polls of the instance being deleted before on-call is told it is left over. */
  readonly maxDeletionPolls: number;
}

/** Longest a single step may run: the Lambdas time out at 30 s; this covers retries of the invoke. */
const STEP_TIMEOUT = Duration.minutes(2);

/**
 * Start -> AddInstance -> (wait, check)* -> ProbeEndpoint -> DeleteInstance -> (wait, delete)* -> Report.
 * Every failure before the report is caught into its own field and goes to DeleteInstance, so
 * the temporary instance is deleted on every path; the report decides the verdict from the
 * fields the steps left. Each wait loop is bounded by a poll count.
 */
export function probeDefinition(scope: Construct, steps: ProbeSteps, limits: ProbeLoopLimits): sfn.IChainable {
  const clusterArn = sfn.TaskInput.fromObject({ clusterArn: sfn.JsonPath.stringAt('$.clusterArn') });
  const invoke = (id: string, fn: lambda.IFunction, payload: sfn.TaskInput | undefined, resultPath: string) =>
    new tasks.LambdaInvoke(scope, id, {
      lambdaFunction: fn,
      payload,
      payloadResponseOnly: true,
      resultPath,
      taskTimeout: sfn.Timeout.duration(STEP_TIMEOUT),
    });
  const count = (id: string, path: string) => new sfn.Pass(scope, id, { parameters: { 'count.$': `States.MathAdd(${path}.count, 1)` }, resultPath: path });

  const start = new sfn.Pass(scope, 'Start', {
    comment: 'Keeps the input the steps need and starts both poll counters at 0',
    parameters: { 'restoreJobId.$': '$.restoreJobId', 'clusterArn.$': '$.clusterArn', instancePolls: { count: 0 }, deletionPolls: { count: 0 } },
  });

  // The report reads the whole state (no payload: the state is the input). Retried on Lambda
  // service errors only; a failure fails the execution, which raises the alarm.
  const report = invoke('Report', steps.report, undefined, '$.verdict');
  const done = new sfn.Succeed(scope, 'Done');

  // Cleanup: DeleteInstance is idempotent and called until the instance is gone or the polls run out.
  const deleteInstance = invoke('DeleteInstance', steps.cleanup, clusterArn, '$.cleanup').addRetry({
    errors: ['States.ALL'],
    interval: Duration.seconds(20),
    maxAttempts: 3,
    backoffRate: 2,
  });
  deleteInstance.addCatch(report, { errors: ['States.ALL'], resultPath: '$.cleanupError' });
  const waitForDeletion = new sfn.Wait(scope, 'WaitForDeletion', { time: sfn.WaitTime.duration(limits.pollInterval) });
  const deleted = new sfn.Choice(scope, 'InstanceDeleted')
    .when(sfn.Condition.stringEquals('$.cleanup.phase', 'gone'), report)
    .when(sfn.Condition.numberLessThan('$.deletionPolls.count', limits.maxDeletionPolls), count('CountDeletionPoll', '$.deletionPolls').next(waitForDeletion))
    .otherwise(report);
  deleteInstance.next(deleted);
  waitForDeletion.next(deleteInstance);

  const addInstance = invoke('AddInstance', steps.prepare, clusterArn, '$.prepared');
  addInstance.addCatch(deleteInstance, { errors: ['States.ALL'], resultPath: '$.prepareError' });
  const waitForInstance = new sfn.Wait(scope, 'WaitForInstance', { time: sfn.WaitTime.duration(limits.pollInterval) });
  const checkInstance = invoke('CheckInstance', steps.instanceStatus, sfn.TaskInput.fromObject({ instanceId: sfn.JsonPath.stringAt('$.prepared.instanceId') }), '$.instance');
  checkInstance.addCatch(deleteInstance, { errors: ['States.ALL'], resultPath: '$.instanceError' });
  const probeEndpoint = invoke('ProbeEndpoint', steps.probeEndpoint, clusterArn, '$.endpoint');
  probeEndpoint.addCatch(deleteInstance, { errors: ['States.ALL'], resultPath: '$.endpointError' });

  const added = new sfn.Choice(scope, 'InstanceAdded').when(sfn.Condition.booleanEquals('$.prepared.created', true), waitForInstance).otherwise(deleteInstance);
  const available = new sfn.Choice(scope, 'InstanceAvailable')
    .when(sfn.Condition.stringEquals('$.instance.phase', 'available'), probeEndpoint)
    .when(
      sfn.Condition.and(sfn.Condition.stringEquals('$.instance.phase', 'pending'), sfn.Condition.numberLessThan('$.instancePolls.count', limits.maxInstancePolls)),
      waitForInstance,
    )
    .otherwise(deleteInstance);

  waitForInstance.next(checkInstance).next(count('CountInstancePoll', '$.instancePolls')).next(available);
  probeEndpoint.next(deleteInstance);
  report.next(done);
  return start.next(addInstance).next(added);
}
