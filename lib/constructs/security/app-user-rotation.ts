import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IDependable } from 'constructs';
import { allowHttpsOut, allowIngressFromClient } from '../shared/cross-stack-ingress';
import { DOCDB_PORT, PASSWORD_EXCLUDED } from '../data/document-database';
import { SUBNETS } from '../network/network';

export interface AppUserRotationProps {
  readonly vpc: ec2.IVpc;
  /** The application user's secret (data stack), with `masterarn`, host and port. */
  readonly secret: secretsmanager.ISecret;
  /** Its KMS key; the rotation function decrypts and writes with it. */
  readonly secretKey: kms.IKey;
  /** Master credentials, with which the multi-user rotation creates and updates the clone user. */
  readonly masterSecret: secretsmanager.ISecret;
  /** DocumentDB's security group; the rotation function's own is allowed in on 27017. */
  readonly databaseSecurityGroup: ec2.ISecurityGroup;
  readonly rotationDays: number;
  /** Names the user in descriptions. @default 'Application-user' */
  readonly label?: string;
  /** What creates the user; the schedule (and so the first rotation) waits for it. */
  readonly userCreatedBy: IDependable;
}

/**
 * Multi-user rotation of the application's DocumentDB user, beside the database bootstrap that
 * creates the user. Secrets Manager rotates as soon as a schedule exists (RotateSecret
 * "RotateImmediately": "By default, Secrets Manager rotates the secret immediately"), and the
 * multi-user rotation copies the roles of the current user, so the schedule must come after
 * the bootstrap; a schedule in the data stack could not wait for it.
 */
export class AppUserRotation extends Construct {
  public readonly rotation: secretsmanager.SecretRotation;
  public readonly schedule: secretsmanager.RotationSchedule;
  public readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: AppUserRotationProps) {
    super(scope, id);
    const label = props.label ?? 'Application-user';
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${label} rotation: no ingress; egress to DocumentDB and Secrets Manager`,
      allowAllOutbound: false,
    });
    allowHttpsOut(this.securityGroup, 'HTTPS: Secrets Manager');
    const ingress = allowIngressFromClient(this, 'ToDocumentDb', {
      target: props.databaseSecurityGroup,
      source: this.securityGroup,
      port: DOCDB_PORT,
      description: `${label} rotation to DocumentDB`,
    });
    // Imported here, so the schedule SecretRotation adds to it is created in this stack.
    const secret = secretsmanager.Secret.fromSecretAttributes(this, 'Secret', { secretCompleteArn: props.secret.secretArn, encryptionKey: props.secretKey });
    this.rotation = new secretsmanager.SecretRotation(this, 'Rotation', {
      application: secretsmanager.SecretRotationApplication.MONGODB_ROTATION_MULTI_USER,
      secret,
      masterSecret: props.masterSecret,
      // The ingress rule above opens the database; a target without security groups adds none.
      target: new ec2.Connections({ defaultPort: ec2.Port.tcp(DOCDB_PORT) }),
      securityGroup: this.securityGroup,
      vpc: props.vpc,
      // Private subnets: the function needs the Secrets Manager API as well as the cluster.
      vpcSubnets: { subnetGroupName: SUBNETS.private },
      automaticallyAfter: Duration.days(props.rotationDays),
      excludeCharacters: PASSWORD_EXCLUDED,
    });
    this.schedule = secret.node.findChild('RotationSchedule') as secretsmanager.RotationSchedule;
    this.schedule.node.addDependency(props.userCreatedBy, ingress);
  }
}
