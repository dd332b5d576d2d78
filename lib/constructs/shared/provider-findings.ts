import { CfnElement, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { IConstruct } from 'constructs';
import { acknowledge, managedPolicyFinding } from '../../nag';

/** cdk-nag's name of `lambda:InvokeFunction` on any version or alias of `fn`. */
function invokeFinding(fn: lambda.IFunction): string {
  const logicalId = Stack.of(fn).getLogicalId(fn.node.defaultChild as CfnElement);
  return `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`;
}

function defaultPolicy(role: IConstruct | undefined): IConstruct | undefined {
  return role?.node.tryFindChild('DefaultPolicy');
}

/**
 * Findings on what `custom_resources.Provider` makes for itself: its functions (the AWS-managed
 * logs policy, invoke on the handlers' versions) and, with an isComplete handler, its waiter
 * state machine (invoke on the framework's functions, no execution logging or X-Ray).
 */
export function acknowledgeProviderFramework(provider: cr.Provider, handlers: readonly lambda.IFunction[]): void {
  const frameworkFunctions = provider.node.findAll().filter((c): c is lambda.Function => c instanceof lambda.Function);
  for (const fn of frameworkFunctions) {
    acknowledge(
      fn.role!,
      managedPolicyFinding('AWSLambdaBasicExecutionRole'),
      'A Provider framework function: AWSLambdaBasicExecutionRole is the AWS-maintained policy for its logs.',
    );
    const policy = defaultPolicy(fn.role);
    for (const handler of handlers) {
      if (policy) acknowledge(policy, invokeFinding(handler), 'The Provider framework invokes this handler function (any version, as CDK grants it); no other function.');
    }
  }
  const waiter = provider.node.tryFindChild('waiter-state-machine');
  const waiterPolicy = defaultPolicy(waiter?.node.tryFindChild('Role'));
  if (waiter && waiterPolicy) {
    for (const fn of frameworkFunctions.filter((f) => f.node.id !== 'framework-onEvent')) {
      acknowledge(waiterPolicy, invokeFinding(fn), "The Provider's waiter invokes the framework's isComplete and onTimeout functions (any version, as CDK grants it).");
    }
    if (!(waiter.node.tryFindChild('Resource') as sfn.CfnStateMachine | undefined)?.loggingConfiguration) {
      acknowledge(waiter, 'AwsSolutions-SF1', "The Provider's waiter only calls the isComplete handler, which logs every step as JSON in its own log group.");
    }
    if (!(waiter.node.tryFindChild('Resource') as sfn.CfnStateMachine | undefined)?.tracingConfiguration) {
      acknowledge(waiter, 'AwsSolutions-SF2', "The Provider framework offers no X-Ray setting for its waiter; the handler's logs trace each run by its run id.");
    }
  }
}

/**
 * X-Ray tracing for a Provider's waiter state machine (Control Tower CT.STEPFUNCTIONS.PR.2), which
 * the Provider has no prop for, with the X-Ray write permissions Step Functions needs for it.
 */
export function traceProviderWaiter(provider: cr.Provider): void {
  const waiter = provider.node.tryFindChild('waiter-state-machine');
  const stateMachine = waiter?.node.tryFindChild('Resource') as sfn.CfnStateMachine | undefined;
  const role = waiter?.node.tryFindChild('Role') as iam.Role | undefined;
  if (!stateMachine || !role) return;
  stateMachine.tracingConfiguration = { enabled: true };
  // "Trace Step Functions request data in AWS X-Ray": these X-Ray actions take no resource ARN.
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'], resources: ['*'] }),
  );
  const policy = defaultPolicy(role);
  if (policy)
    acknowledge(
      policy,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray trace writes and the CloudWatch Logs delivery actions Step Functions logging needs take no resource ARN ("Trace Step Functions request data in AWS X-Ray", "Using CloudWatch Logs to log execution history in Step Functions").',
    );
}
