import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface EncryptionKeysProps {
  /** Environment name, used in key aliases. */
  readonly envName: string;
}

/** Customer-managed keys: one for data at rest (DocumentDB, ElastiCache, EFS, secrets), one for logs. */
export class EncryptionKeys extends Construct {
  public readonly dataKey: kms.Key;
  public readonly logsKey: kms.Key;

  constructor(scope: Construct, id: string, props: EncryptionKeysProps) {
    super(scope, id);
    const common = {
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      // Deleting a key destroys every backup and snapshot encrypted with it.
      removalPolicy: RemovalPolicy.RETAIN,
    };
    this.dataKey = new kms.Key(this, 'DataKey', {
      ...common,
      alias: `alias/flashcard-lms/${props.envName}/data`,
      description: `Flashcard LMS ${props.envName}: DocumentDB, ElastiCache, EFS and secrets at rest`,
    });
    this.logsKey = new kms.Key(this, 'LogsKey', {
      ...common,
      alias: `alias/flashcard-lms/${props.envName}/logs`,
      description: `Flashcard LMS ${props.envName}: CloudWatch Logs`,
    });

    const { region, account, partition } = Stack.of(this);
    // CloudWatch Logs encrypts with the key itself, scoped to this account's log groups.
    this.logsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogs',
        principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*` },
        },
      }),
    );
  }
}
