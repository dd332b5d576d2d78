import { createHash } from 'crypto';
import { CustomResource, Duration, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { AppFunction } from '../service/app-function';
import { allowHttpsOut, allowIngressFromClient } from '../shared/cross-stack-ingress';
import { DOCDB_PORT } from './document-database';
import { encryptedLogGroup } from '../shared/encrypted-log-group';
import { acknowledgeProviderFramework } from '../shared/provider-findings';
import { grantDecryptViaSecretsManager } from '../shared/secret-access';

/** A secret whose changes re-compose the connection URLs. */
export interface WatchedSecret {
  readonly secret: secretsmanager.ISecret;
  /** Its name as a literal: CloudTrail names a secret by ARN or by name, whichever the caller used. */
  readonly name: string;
}

export interface DatabaseBootstrapProps {
  readonly envName: string;
  readonly vpc: ec2.IVpc;
  /** DocumentDB's security group; the bootstrap's own is allowed in on 27017. */
  readonly databaseSecurityGroup: ec2.ISecurityGroup;
  /** Master credentials; only this function reads them. */
  readonly masterSecret: secretsmanager.ISecret;
  /** `{username, password}` of the application user (multi-user rotation). */
  readonly appUser: WatchedSecret;
  /** `{username, password}` of the health check's user, created with the `read` role only. @default no such user */
  readonly healthCheckUser?: secretsmanager.ISecret;
  /** Plain-string ElastiCache AUTH token. */
  readonly redisAuthToken: WatchedSecret;
  /** Receives DATABASE_URL. */
  readonly databaseUrl: secretsmanager.ISecret;
  /** Receives REDIS_URL. */
  readonly redisUrl: secretsmanager.ISecret;
  /** Key of every secret above. */
  readonly secretsKey: kms.IKey;
  readonly clusterEndpoint: string;
  readonly clusterPort: number;
  readonly databaseName: string;
  /** @default 'rs0' (DocumentDB's only replica set name) */
  readonly replicaSet?: string;
  /** CA bundle inside the backend image, written into DATABASE_URL. */
  readonly caFilePath: string;
  readonly redisHost: string;
  readonly redisPort: string;
  /** ECS cluster and service restarted when a URL changed (literal names: they may not exist yet). */
  readonly ecsClusterName: string;
  readonly ecsServiceName: string;
  /**
   * Literal values whose change reruns the bootstrap, beside its code and its properties (secret
   * ARNs, endpoints, names), e.g. `{ imageTag }` so each release repairs the URLs. Rotations rerun it
   * through `secretChangeRule` instead. Same inputs, same template: synthesis stays deterministic.
   * @default - only code and property changes rerun it
   */
  readonly rerunOn?: Readonly<Record<string, string>>;
  readonly logsKey: kms.IKey;
  readonly logRetentionDays: number;
}

/**
 * Creates or updates the application user and writes DATABASE_URL and REDIS_URL, on every
 * deploy (custom resource `DatabaseBootstrap`) and after a change of the application user's
 * password or the Redis token (EventBridge rule on Secrets Manager's CloudTrail events).
 */
export class DatabaseBootstrap extends Construct {
  public readonly function: AppFunction;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly provider: cr.Provider;
  public readonly resource: CustomResource;
  public readonly secretChangeRule: events.Rule;

  constructor(scope: Construct, id: string, props: DatabaseBootstrapProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const name = `${props.envName}-flashcard-lms-db-bootstrap`;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${name}: no ingress; egress to DocumentDB and AWS APIs`,
      allowAllOutbound: false,
    });
    allowHttpsOut(this.securityGroup, 'HTTPS: Secrets Manager and AWS APIs');
    allowIngressFromClient(this, 'ToDocumentDb', {
      target: props.databaseSecurityGroup,
      source: this.securityGroup,
      port: DOCDB_PORT,
      description: 'Database bootstrap to DocumentDB',
    });

    // The same keys as the custom resource's properties; the rotation path reads them from here.
    const urlSettings: Record<string, string> = {
      AppUserSecretArn: props.appUser.secret.secretArn,
      DatabaseUrlSecretArn: props.databaseUrl.secretArn,
      RedisUrlSecretArn: props.redisUrl.secretArn,
      RedisAuthTokenSecretArn: props.redisAuthToken.secret.secretArn,
      ClusterEndpoint: props.clusterEndpoint,
      ClusterPort: String(props.clusterPort),
      DatabaseName: props.databaseName,
      ReplicaSet: props.replicaSet ?? 'rs0',
      CaFilePath: props.caFilePath,
      RedisHost: props.redisHost,
      RedisPort: props.redisPort,
    };

    this.function = new AppFunction(this, 'Function', {
      source: 'db-bootstrap',
      functionName: name,
      description: 'Creates or updates the DocumentDB application user and writes the DATABASE_URL and REDIS_URL secrets',
      vpc: props.vpc,
      securityGroup: this.securityGroup,
      // Driver timeouts are 10 s (connect) and 20 s (server selection); the rest is a few API calls.
      timeout: Duration.minutes(2),
      logsKey: props.logsKey,
      logRetentionDays: props.logRetentionDays,
      environment: {
        URL_SETTINGS: stack.toJsonString(urlSettings),
        ECS_CLUSTER: props.ecsClusterName,
        ECS_SERVICE: props.ecsServiceName,
      },
    });
    this.grantBootstrap(props);

    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.function,
      logGroup: encryptedLogGroup(this, 'ProviderLogGroup', { encryptionKey: props.logsKey, retentionDays: props.logRetentionDays }),
    });
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.provider.serviceToken,
      resourceType: 'Custom::DatabaseBootstrap',
      // A stuck bootstrap fails the deploy in minutes, not after CloudFormation's default hour.
      serviceTimeout: Duration.minutes(15),
      properties: {
        ...(props.healthCheckUser === undefined ? {} : { HealthCheckUserSecretArn: props.healthCheckUser.secretArn }),
        MasterSecretArn: props.masterSecret.secretArn,
        ...urlSettings,
        // CloudFormation sends Update only when a property changed ("Update request for CloudFormation
        // custom resources"); this one follows the code and `rerunOn`, never the clock.
        RunToken: runToken(this.function, props.rerunOn ?? {}),
      },
    });

    this.secretChangeRule = new events.Rule(this, 'SecretChanged', {
      description: `A new password of the ${props.envName} application user or Redis token -> rewrite the connection URLs`,
      eventPattern: secretChangePattern(stack, [props.appUser, props.redisAuthToken]),
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 4, maxEventAge: Duration.hours(1) })],
    });

    acknowledgeProviderFramework(this.provider, [this.function]);
  }

  /** Exactly what the handler calls: read five secrets (six with the health check's user), write the two URLs, restart the backend. */
  private grantBootstrap(props: DatabaseBootstrapProps): void {
    const { partition, region, account } = Stack.of(this);
    const role = this.function.role!;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadCredentials',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [
          props.masterSecret,
          props.appUser.secret,
          props.redisAuthToken.secret,
          props.databaseUrl,
          props.redisUrl,
          ...(props.healthCheckUser ? [props.healthCheckUser] : []),
        ].map((s) => s.secretArn),
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteConnectionUrls',
        actions: ['secretsmanager:PutSecretValue'],
        resources: [props.databaseUrl.secretArn, props.redisUrl.secretArn],
      }),
    );
    grantDecryptViaSecretsManager(role, props.secretsKey, { writes: true });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'RestartBackend',
        actions: ['ecs:UpdateService'],
        resources: [`arn:${partition}:ecs:${region}:${account}:service/${props.ecsClusterName}/${props.ecsServiceName}`],
      }),
    );
  }
}

/** A digest of the function's code asset and the given values. */
function runToken(fn: AppFunction, rerunOn: Readonly<Record<string, string>>): string {
  const code = fn.node.findAll().find((c): c is s3assets.Asset => c instanceof s3assets.Asset);
  if (!code) throw new Error(`${fn.node.path}: no code asset to derive the bootstrap run token from`);
  const unresolved = Object.keys(rerunOn).filter((k) => Token.isUnresolved(rerunOn[k]));
  if (unresolved.length > 0) throw new Error(`DatabaseBootstrap rerunOn must hold literal values; ${unresolved.join(', ')} are tokens`);
  const inputs = JSON.stringify([
    code.assetHash,
    ...Object.keys(rerunOn)
      .sort()
      .map((k) => [k, rerunOn[k]]),
  ]);
  return createHash('sha256').update(inputs).digest('hex');
}

/**
 * Successful rotations (service event) and PutSecretValue/UpdateSecret calls (API events) on
 * the watched secrets. CloudTrail names the secret by full ARN, ARN without suffix or name.
 */
export function secretChangePattern(stack: Stack, watched: readonly WatchedSecret[]): events.EventPattern {
  const arns = watched.map((w) => w.secret.secretArn);
  const ids = watched.flatMap((w) => [w.secret.secretArn, w.name, `arn:${stack.partition}:secretsmanager:${stack.region}:${stack.account}:secret:${w.name}`]);
  return {
    source: ['aws.secretsmanager'],
    detailType: ['AWS API Call via CloudTrail', 'AWS Service Event via CloudTrail'],
    detail: {
      eventSource: ['secretsmanager.amazonaws.com'],
      eventName: ['RotationSucceeded', 'PutSecretValue', 'UpdateSecret'],
      errorCode: [{ exists: false }],
      $or: [{ additionalEventData: { SecretId: arns } }, { requestParameters: { secretId: ids } }, { responseElements: { arn: arns } }],
    },
  };
}
