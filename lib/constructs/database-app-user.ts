import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as docdb from 'aws-cdk-lib/aws-docdb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { PASSWORD_EXCLUDED } from './document-database';
import { SUBNETS } from './network';

export interface DatabaseAppUserProps {
  readonly envName: string;
  readonly vpc: ec2.IVpc;
  /** The cluster the application uses (the restored one during a restore). */
  readonly cluster: docdb.DatabaseCluster;
  /** Master credentials of `cluster`; multi-user rotation creates and updates the clone user with them. */
  readonly masterSecret: secretsmanager.ISecret;
  readonly dataKey: kms.IKey;
  readonly rotationDays: number;
  /** @default APP_USERNAME */
  readonly username?: string;
  /** @default `flashcard-lms/<envName>/docdb-app-user` */
  readonly secretName?: string;
}

/** The application's DocumentDB user; rotation alternates it with `<name>_clone`. */
export const APP_USERNAME = 'lmsapp';
/** The health check's read-only DocumentDB user (the bootstrap grants it `read` only). */
export const HEALTH_CHECK_USERNAME = 'lmshealth';

/**
 * Credentials of the application's DocumentDB user (readWrite on the application database,
 * created by the database bootstrap) and their multi-user rotation.
 *
 * This lives in the data stack, beside the cluster, rather than in the migration stack: it is
 * state (the password of a user inside the database), and rotation opens the cluster's security
 * group to its own function, which only the cluster's stack can do without a dependency cycle.
 */
export class DatabaseAppUser extends Construct {
  /** JSON `{username, password, masterarn, host, port, ...}`, attached to the cluster. */
  public readonly secret: secretsmanager.ISecret;
  public readonly rotation: secretsmanager.SecretRotation;
  /** Name of `secret` as a literal, for event patterns. */
  public readonly secretName: string;

  constructor(scope: Construct, id: string, props: DatabaseAppUserProps) {
    super(scope, id);
    this.secretName = props.secretName ?? `flashcard-lms/${props.envName}/docdb-app-user`;
    const credentials = new docdb.DatabaseSecret(this, 'Secret', {
      username: props.username ?? APP_USERNAME,
      secretName: this.secretName,
      encryptionKey: props.dataKey,
      // `masterarn` in the secret tells the multi-user rotation which credentials to use.
      masterSecret: props.masterSecret,
      excludeCharacters: PASSWORD_EXCLUDED,
    });
    // Losing it would not lose data (the bootstrap resets the password), but it is state, like the other secrets.
    credentials.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // Adds host and port, which the rotation function connects to.
    this.secret = credentials.attach(props.cluster);

    this.rotation = new secretsmanager.SecretRotation(this, 'Rotation', {
      application: secretsmanager.SecretRotationApplication.MONGODB_ROTATION_MULTI_USER,
      secret: this.secret,
      masterSecret: props.masterSecret,
      target: props.cluster,
      vpc: props.vpc,
      // Private subnets: the function needs the Secrets Manager API as well as the cluster.
      vpcSubnets: { subnetGroupName: SUBNETS.private },
      automaticallyAfter: Duration.days(props.rotationDays),
      excludeCharacters: PASSWORD_EXCLUDED,
    });
  }
}
