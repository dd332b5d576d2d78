import { CfnElement, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
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
    acknowledge(waiter, 'AwsSolutions-SF1', "The Provider's waiter only calls the isComplete handler, which logs every step as JSON in its own log group.");
    acknowledge(waiter, 'AwsSolutions-SF2', "The Provider framework offers no X-Ray setting for its waiter; the handler's logs trace each run by its run id.");
  }
}
