import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../config';
import { AppSecrets } from '../constructs/security/app-secrets';
import { BACKEND_SERVICE, ecsClusterName } from '../constructs/service/backend-container';
import { EncryptionKeys } from '../constructs/security/encryption-keys';

export interface SecurityStackProps extends StackProps {
  readonly config: EnvironmentConfig;
}

/** Stateful: the environment's KMS keys and application secrets. */
export class SecurityStack extends Stack {
  public readonly keys: EncryptionKeys;
  public readonly secrets: AppSecrets;

  constructor(scope: Construct, id: string, props: SecurityStackProps) {
    super(scope, id, props);
    this.keys = new EncryptionKeys(this, 'Keys', { envName: props.config.name });
    const { config } = props;
    const jwtDays = config.services.jwtKeyRotationDays === undefined ? 30 : config.services.jwtKeyRotationDays;
    this.secrets = new AppSecrets(this, 'Secrets', {
      envName: config.name,
      encryptionKey: this.keys.dataKey,
      jwtKeyRotation:
        jwtDays === null
          ? undefined
          : {
              rotationDays: jwtDays,
              ecsClusterName: ecsClusterName(config.name),
              ecsServiceName: BACKEND_SERVICE,
              logsKey: this.keys.logsKey,
              logRetentionDays: config.logRetentionDays,
            },
    });
  }
}
