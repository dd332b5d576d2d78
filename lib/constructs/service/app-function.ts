import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { esbuildCode } from '../../bundling/esbuild-code';
import { acknowledge, managedPolicyFinding } from '../../nag';
import { encryptedLogGroup } from '../shared/encrypted-log-group';
import { SUBNETS } from '../network/network';

/** Root of the Lambda sources (`lambda/<name>/index.ts`). */
export const LAMBDA_ROOT = path.join(__dirname, '..', '..', '..', 'lambda');

export interface AppFunctionProps {
  /** Folder under `lambda/`; its `index.ts` exports the handler. */
  readonly source: string;
  /** Exported function of `index.ts` to run. @default 'handler' */
  readonly handler?: string;
  /** Name of the function and of its log group `/aws/lambda/<functionName>`. */
  readonly functionName: string;
  readonly description: string;
  /** Environment variables besides NODE_OPTIONS. @default none */
  readonly environment?: Record<string, string>;
  /** @default 30 seconds */
  readonly timeout?: Duration;
  /** @default 256 */
  readonly memorySize?: number;
  /** Run in the private subnets with this security group. @default outside the VPC */
  readonly vpc?: ec2.IVpc;
  /** Security group of the function in `vpc`. @default one CDK creates */
  readonly securityGroup?: ec2.ISecurityGroup;
  /** Key of the log group. */
  readonly logsKey: kms.IKey;
  /** Retention of the log group, in days. */
  readonly logRetentionDays: number;
  /** Lowest level of the function's own log lines that reach CloudWatch. @default INFO */
  readonly logLevel?: lambda.ApplicationLogLevel;
}

/**
 * A Lambda of this app: Node.js 24 on ARM64, bundled by esbuild in the synth process (the AWS SDK
 * comes from the runtime), JSON logs in an encrypted log group with retention.
 */
export class AppFunction extends lambda.Function {
  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    const logGroup = encryptedLogGroup(scope, `${id}LogGroup`, {
      logGroupName: `/aws/lambda/${props.functionName}`,
      encryptionKey: props.logsKey,
      retentionDays: props.logRetentionDays,
    });
    super(scope, id, {
      functionName: props.functionName,
      description: props.description,
      code: esbuildCode(path.join(LAMBDA_ROOT, props.source, 'index.ts')),
      handler: `index.${props.handler ?? 'handler'}`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      logGroup,
      // The runtime adds timestamp, level and requestId, and drops lines below these levels
      // ("Log-level filtering", https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html).
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: props.logLevel ?? lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      vpc: props.vpc,
      vpcSubnets: props.vpc ? { subnetGroupName: SUBNETS.private } : undefined,
      securityGroups: props.securityGroup ? [props.securityGroup] : undefined,
    });
    const role = this.role!.node.defaultChild!;
    acknowledge(role, managedPolicyFinding('AWSLambdaBasicExecutionRole'), 'AWS-managed policy that only lets the function write its own logs.');
    if (props.vpc) {
      acknowledge(role, managedPolicyFinding('AWSLambdaVPCAccessExecutionRole'), 'AWS-managed policy that only lets Lambda manage the network interfaces of a function in a VPC.');
    }
  }
}
