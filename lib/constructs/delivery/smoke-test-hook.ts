import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { AppFunction } from '../service/app-function';
import { TEST_TRAFFIC_HEADER } from './service-traffic';

export interface SmokeTestHookProps {
  /** Environment name: prefixes the function name. */
  readonly envName: string;
  /** `backend` or `frontend`. */
  readonly serviceName: string;
  /** The service host the check calls, e.g. https://api.flashcard-lms.com. */
  readonly baseUrl: string;
  /** `api` for the backend's JSON health, `site` for the frontend's. */
  readonly check: 'api' | 'site';
  readonly logsKey: kms.IKey;
  readonly logRetentionDays: number;
}

/**
 * Function timeout: the hook's worst case with its defaults is 25 s (3 attempts of 5 s, 5 s
 * apart; lambda/deployment-hook/settings.ts caps any setting at 120 s). ECS waits for the answer
 * and rolls back when the function fails or times out ("Lambda hooks for Amazon ECS service deployments").
 */
export const HOOK_TIMEOUT = Duration.seconds(60);

/**
 * The CI smoke check of one service as an ECS lifecycle hook after the test traffic shift: the new
 * revision answers test traffic only, and production traffic moves only if it passes. The
 * database migration has already run by then (the services stack deploys after the migration
 * stack), so the check sees the new revision on the migrated database.
 */
export class SmokeTestHook extends Construct {
  public readonly function: AppFunction;
  /** Role ECS assumes to invoke the function ("Permissions required for Lambda functions in Amazon ECS blue/green deployments"). */
  public readonly invokeRole: iam.Role;
  public readonly target: ecs.DeploymentLifecycleLambdaTarget;

  constructor(scope: Construct, id: string, props: SmokeTestHookProps) {
    super(scope, id);
    this.function = new AppFunction(this, 'Function', {
      source: 'deployment-hook',
      functionName: `${props.envName}-flashcard-lms-${props.serviceName}-deploy-hook`,
      description: `Smoke check of the new ${props.serviceName} revision on test traffic before production traffic shifts to it`,
      // Outside the VPC: it calls the public endpoint through the WAF, as CI does.
      environment: {
        BASE_URL: props.baseUrl,
        CHECK: props.check,
        TEST_HEADER_NAME: TEST_TRAFFIC_HEADER.name,
        TEST_HEADER_VALUE: TEST_TRAFFIC_HEADER.value,
      },
      timeout: HOOK_TIMEOUT,
      logsKey: props.logsKey,
      logRetentionDays: props.logRetentionDays,
    });
    // Only this function, unqualified: no `:*` version wildcard as grantInvoke would add.
    this.invokeRole = new iam.Role(this, 'InvokeRole', {
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
      description: `ECS invokes the ${props.serviceName} deployment hook`,
      inlinePolicies: {
        Invoke: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] })] }),
      },
    });
    this.target = new ecs.DeploymentLifecycleLambdaTarget(this.function, 'SmokeTest', {
      role: this.invokeRole,
      lifecycleStages: [ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT],
    });
  }
}
