import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../../nag';
import { grantDecryptViaSecretsManager } from '../shared/secret-access';

export interface SecretRotationScheduleProps {
  /** The rotated secret (may live in another stack: only its ARN is used). */
  readonly secret: secretsmanager.ISecret;
  /** Key of the secret; the function gets decrypt and data-key permissions through Secrets Manager only. */
  readonly secretKey: kms.IKey;
  /** The rotation function (createSecret, setSecret, testSecret, finishSecret). */
  readonly rotationFunction: lambda.Function;
  /** Days between rotations. */
  readonly rotationDays: number;
}

/**
 * A Secrets Manager rotation schedule over a function of this app: the L1 resource rather than
 * `Secret.addRotationSchedule`, whose invoke permission does not pin the source account, and
 * which would put the function into the key policy of the secret's (stateful) stack.
 */
export class SecretRotationSchedule extends Construct {
  public readonly schedule: secretsmanager.CfnRotationSchedule;

  constructor(scope: Construct, id: string, props: SecretRotationScheduleProps) {
    super(scope, id);
    const fn = props.rotationFunction;
    const permission = new lambda.CfnPermission(this, 'InvokeBySecretsManager', {
      action: 'lambda:InvokeFunction',
      functionName: fn.functionArn,
      principal: 'secretsmanager.amazonaws.com',
      sourceAccount: Stack.of(this).account,
    });
    // The four steps' calls (Secrets Manager: "Lambda rotation function execution role permissions").
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'RotateTheSecret',
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
        resources: [props.secret.secretArn],
      }),
    );
    fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'GenerateValues', actions: ['secretsmanager:GetRandomPassword'], resources: ['*'] }));
    acknowledge(
      fn.role!.node.findChild('DefaultPolicy'),
      'AwsSolutions-IAM5[Resource::*]',
      'secretsmanager:GetRandomPassword acts on no resource and takes no resource ARN; every other action is scoped to the rotated secret.',
    );
    grantDecryptViaSecretsManager(fn, props.secretKey, { writes: true });

    this.schedule = new secretsmanager.CfnRotationSchedule(this, 'Schedule', {
      secretId: props.secret.secretArn,
      rotationLambdaArn: fn.functionArn,
      rotationRules: { automaticallyAfterDays: props.rotationDays },
      // A deploy never rotates: rotation runs on its schedule (or `aws secretsmanager rotate-secret`).
      rotateImmediatelyOnUpdate: false,
    });
    this.schedule.addResourceDependency(permission);
  }
}
