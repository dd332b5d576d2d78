import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/**
 * Reference to a secret of another stack without its key. Granting on the original would write
 * the grantee into the key policy of the stateful stack, making it depend on the consumer
 * (a cycle); consumers get the decrypt permission in their own policy instead
 * (`grantDecryptViaSecretsManager`).
 */
export function secretReference(scope: Construct, id: string, secret: secretsmanager.ISecret): secretsmanager.ISecret {
  return secretsmanager.Secret.fromSecretAttributes(scope, id, { secretCompleteArn: secret.secretArn });
}

/**
 * kms:Decrypt on the key (and kms:GenerateDataKey for a grantee that writes secret values), only
 * when Secrets Manager calls on the grantee's behalf.
 */
export function grantDecryptViaSecretsManager(grantee: iam.IGrantable, key: kms.IKey, options: { readonly writes?: boolean } = {}): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'SecretsKeyViaSecretsManager',
      actions: options.writes ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(grantee.grantPrincipal as unknown as Construct).region}.amazonaws.com` } },
    }),
  );
}
