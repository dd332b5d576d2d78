import * as path from 'path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import { acknowledge } from '../../nag';

/**
 * The newest Node.js runtime of CloudWatch Synthetics: syn-nodejs-playwright-6.0 (Lambda Node.js 22.x,
 * Playwright 1.58.2, Chromium 145). Puppeteer runtimes up to 7.0 were deprecated on 22 January 2026
 * ("Runtime versions using Node.js and Playwright"; "Runtime versions support policy").
 */
export const CANARY_RUNTIME = synthetics.Runtime.SYNTHETICS_NODEJS_PLAYWRIGHT_6_0;

/** Runtimes past their deprecation date ("Runtime versions support policy"): CloudFormation cannot create canaries on them. */
export const DEPRECATED_CANARY_RUNTIMES: readonly string[] = [
  'syn-nodejs-puppeteer-7.0',
  'syn-nodejs-puppeteer-6.2',
  'syn-nodejs-puppeteer-5.2',
  'syn-python-selenium-5.1',
  'syn-python-selenium-5.0',
  'syn-python-selenium-4.1',
  'syn-python-selenium-4.0',
  'syn-python-selenium-3.0',
  'syn-python-selenium-2.1',
];

/** The canary's script: the handler and the journey it walks, plain CommonJS as the Playwright runtime loads it. */
export const CANARY_SOURCE = path.join(__dirname, '../../../canary/site-journey');

export interface SiteCanaryProps {
  /** Environment name: names the canary `<env>-site-journey`. */
  readonly envName: string;
  /** https:// URLs of the journey's steps. */
  readonly siteUrl: string;
  readonly apiHealthUrl: string;
  readonly statusUrl: string;
  /** Minutes between runs. */
  readonly everyMinutes: number;
  /**
   * Days run artifacts (screenshots, HAR files, logs) are kept in the bucket.
   * @default 31
   */
  readonly artifactRetentionDays?: number;
}

/**
 * A CloudWatch Synthetics canary that loads the site in a browser, checks that it renders and that its
 * assets load, and calls the API health endpoint and the status page, with a bucket for its artifacts.
 */
export class SiteCanary extends Construct {
  public readonly canary: synthetics.Canary;
  /** The canary's name, literal (schedules address it by name). */
  public readonly name: string;
  public readonly artifactsBucket: s3.Bucket;
  /** SuccessPercent of the canary's runs, one datapoint per run. */
  public readonly successPercent: cloudwatch.Metric;
  /** What this canary was built from, to run the same journey elsewhere. */
  public readonly settings: SiteCanaryProps;

  constructor(scope: Construct, id: string, props: SiteCanaryProps) {
    super(scope, id);
    this.settings = props;
    const retentionDays = props.artifactRetentionDays ?? 31;

    // Retained like every bucket here; artifacts expire by lifecycle, not with the stack.
    this.artifactsBucket = new s3.Bucket(this, 'Artifacts', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'ExpireCanaryArtifacts',
          expiration: Duration.days(retentionDays),
          noncurrentVersionExpiration: Duration.days(7),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    // Object events to EventBridge (Control Tower CT.S3.PR.4), on the L1: the L2's eventBridgeEnabled deploys a Lambda to do it.
    (this.artifactsBucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    acknowledge(
      this.artifactsBucket,
      'AwsSolutions-S1',
      "Holds only the canary's screenshots and HAR files of the public site, expiring after 31 days; server access logs would need a second bucket to record reads of public pages.",
    );

    this.name = `${props.envName}-site-journey`;
    this.canary = new synthetics.Canary(this, 'Canary', {
      canaryName: this.name,
      runtime: CANARY_RUNTIME,
      test: synthetics.Test.custom({ code: synthetics.Code.fromAsset(CANARY_SOURCE), handler: 'index.handler' }),
      schedule: synthetics.Schedule.rate(Duration.minutes(props.everyMinutes)),
      // A run must end before the next starts.
      timeout: Duration.minutes(Math.min(props.everyMinutes, 2)),
      environmentVariables: { SITE_URL: props.siteUrl, API_HEALTH_URL: props.apiHealthUrl, STATUS_URL: props.statusUrl },
      artifactsBucketLocation: { bucket: this.artifactsBucket },
      artifactS3EncryptionMode: synthetics.ArtifactsEncryptionMode.S3_MANAGED,
      successRetentionPeriod: Duration.days(7),
      failureRetentionPeriod: Duration.days(retentionDays),
      startAfterCreation: true,
      // Deleting the canary deletes its Lambda function and layers too.
      provisionedResourceCleanup: true,
    });
    // The execution policy CDK writes for every canary (Synthetics "Required roles and permissions for canaries").
    const stack = Stack.of(this);
    const bucketId = stack.getLogicalId(this.artifactsBucket.node.defaultChild as s3.CfnBucket);
    for (const [resource, reason] of [
      ['*', 's3:ListAllMyBuckets and cloudwatch:PutMetricData take no resource; PutMetricData is limited to the CloudWatchSynthetics namespace by a condition.'],
      [`<${bucketId}.Arn>/*`, 'The canary writes its run artifacts under its own prefix of its own bucket; object keys are made per run.'],
      [
        `arn:aws:logs:${stack.region}:${stack.account}:log-group:/aws/lambda/cwsyn-*`,
        'Synthetics names the canary function and its log group cwsyn-<name>-<id>; the id is not known before deployment.',
      ],
    ]) {
      acknowledge(this.canary.role, `AwsSolutions-IAM5[Resource::${resource}]`, reason);
    }

    this.successPercent = this.canary.metricSuccessPercent({ period: Duration.minutes(props.everyMinutes), statistic: 'Average' });
  }
}
