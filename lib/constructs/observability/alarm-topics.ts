import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { AlarmDestinations } from '../../config';
import { ALERTING_KEY, alarmTopicName, keyAlias } from '../../contracts';

export interface AlarmTopicsProps {
  readonly envName: string;
  /** Destinations that page. */
  readonly critical: AlarmDestinations;
  /** Destinations that are told without paging. */
  readonly warning: AlarmDestinations;
}

/**
 * AWS services that publish to the alarm topics and so must use the topics' key (events.rds: DocumentDB
 * events; budgets and costalerts: AWS Budgets and Cost Anomaly Detection, docs/cost.md).
 */
const PUBLISHERS = ['cloudwatch.amazonaws.com', 'events.amazonaws.com', 'backup.amazonaws.com', 'events.rds.amazonaws.com', 'budgets.amazonaws.com', 'costalerts.amazonaws.com'];

/**
 * SNS topics `critical` (pages on-call) and `warning` (does not page), encrypted with a CMK
 * that CloudWatch alarms, EventBridge rules and AWS Backup may use, SSL-only.
 */
export class AlarmTopics extends Construct {
  public readonly key: kms.Key;
  public readonly critical: sns.Topic;
  public readonly warning: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicsProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      alias: keyAlias(props.envName, ALERTING_KEY),
      description: `Flashcard LMS ${props.envName}: alarm topics`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const { partition, region, account } = Stack.of(this);
    // SNS encrypts with the topic ARN as encryption context ("kms:EncryptionContext:aws:sns:topicArn",
    // see the SNS key policy examples); pinning it to this account's topics holds for every publisher,
    // EventBridge included, whose KMS calls carry no aws:SourceAccount.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAlarmPublishers',
        principals: PUBLISHERS.map((p) => new iam.ServicePrincipal(p)),
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:sns:topicArn': `arn:${partition}:sns:${region}:${account}:${props.envName}-flashcard-lms-*` } },
      }),
    );

    this.critical = this.topic('Critical', 'critical', props.envName, props.critical);
    this.warning = this.topic('Warning', 'warning', props.envName, props.warning);
  }

  private topic(id: string, severity: string, envName: string, destinations: AlarmDestinations): sns.Topic {
    const topic = new sns.Topic(this, id, {
      topicName: alarmTopicName(envName, severity),
      displayName: `Flashcard LMS ${envName} ${severity}`,
      masterKey: this.key,
      enforceSSL: true,
    });
    // Only this account's alarms, rules, vaults and clusters may publish (confused deputy,
    // "aws:SourceAccount" in the SNS access policy examples). The key grant is above.
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAlarmPublishersOfThisAccount',
        principals: PUBLISHERS.map((p) => new iam.ServicePrincipal(p)),
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    destinations.emails.forEach((e) => topic.addSubscription(new subs.EmailSubscription(e)));
    destinations.smsNumbers.forEach((n) => topic.addSubscription(new subs.SmsSubscription(n)));
    destinations.httpsEndpoints.forEach((url) => topic.addSubscription(new subs.UrlSubscription(url, { protocol: sns.SubscriptionProtocol.HTTPS })));
    return topic;
  }
}
