import { StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { EnvironmentConfig } from '../config';
import { AppSecrets } from '../constructs/security/app-secrets';
import { EncryptionKeys } from '../constructs/security/encryption-keys';

/** What every stack inside the VPC is built from: the config, the network, the keys and the secrets. */
export interface PlatformStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  readonly vpc: ec2.IVpc;
  readonly keys: EncryptionKeys;
  readonly secrets: AppSecrets;
}
