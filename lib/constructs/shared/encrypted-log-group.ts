import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface EncryptedLogGroupProps {
  /** Explicit name, for log groups a service writes to by convention. @default generated */
  readonly logGroupName?: string;
  readonly encryptionKey: kms.IKey;
  /** Days; one of the values CloudWatch Logs accepts (validated in config). */
  readonly retentionDays: number;
}

/** A CloudWatch log group with retention and KMS encryption; kept on stack deletion, since logs are evidence. */
export function encryptedLogGroup(scope: Construct, id: string, props: EncryptedLogGroupProps): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    logGroupName: props.logGroupName,
    encryptionKey: props.encryptionKey,
    retention: props.retentionDays as logs.RetentionDays,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
