import { RemovalPolicy } from 'aws-cdk-lib';
import * as docdb from 'aws-cdk-lib/aws-docdb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../../nag';
import { PASSWORD_EXCLUDED } from './document-database';
import { secretName } from '../../contracts';

export interface DatabaseAppUserProps {
  readonly envName: string;
  /** The cluster the application uses (the restored one during a restore). */
  readonly cluster: docdb.DatabaseCluster;
  /** Master credentials of `cluster`; multi-user rotation creates and updates the clone user with them. */
  readonly masterSecret: secretsmanager.ISecret;
  readonly dataKey: kms.IKey;
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
 * created by the database bootstrap). They live in the data stack, beside the cluster: they are
 * state (the password of a user inside the database). Their rotation is `AppUserRotation`, in
 * the migration stack, after the bootstrap that creates the user.
 */
export class DatabaseAppUser extends Construct {
  /** JSON `{username, password, masterarn, host, port, ...}`, attached to the cluster. */
  public readonly secret: secretsmanager.ISecret;
  /** Name of `secret` as a literal, for event patterns. */
  public readonly secretName: string;

  constructor(scope: Construct, id: string, props: DatabaseAppUserProps) {
    super(scope, id);
    this.secretName = props.secretName ?? secretName(props.envName, 'docdb-app-user');
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
    acknowledge(
      credentials,
      'AwsSolutions-SMG4',
      'Rotated by AppUserRotation in the migration stack, whose schedule is created after the bootstrap creates the user; the rule looks for a schedule in this stack only.',
    );
    // Adds host and port, which the rotation function connects to.
    this.secret = credentials.attach(props.cluster);
  }
}
