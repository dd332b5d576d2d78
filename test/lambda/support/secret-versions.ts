import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  TagResourceCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { AwsClientStub } from 'aws-sdk-client-mock';

interface Version {
  /** Undefined for the version Secrets Manager stages AWSPENDING before createSecret stores a value. */
  value: string | undefined;
  stages: string[];
}

/**
 * An in-memory secret with versions and staging labels, behind aws-sdk-client-mock, that behaves
 * as Secrets Manager does for a rotation: moving AWSCURRENT moves AWSPREVIOUS to the old version.
 */
export class FakeSecret {
  readonly versions = new Map<string, Version>();
  readonly tags: Record<string, string> = {};
  readonly randomRequests: unknown[] = [];
  rotationEnabled = true;
  private generated = 0;

  constructor(
    readonly name: string,
    initial: string,
    private readonly randomValue: (n: number) => string = (n) => `generated-value-${n}-0123456789abcdef`,
  ) {
    this.versions.set('v0', { value: initial, stages: ['AWSCURRENT'] });
  }

  stage(stage: string): string | undefined {
    return [...this.versions.values()].find((v) => v.stages.includes(stage))?.value;
  }

  install(sm: AwsClientStub<SecretsManagerClient>): void {
    sm.on(DescribeSecretCommand).callsFake(() => ({
      Name: this.name,
      RotationEnabled: this.rotationEnabled,
      VersionIdsToStages: Object.fromEntries([...this.versions].map(([id, v]) => [id, [...v.stages]])),
      Tags: Object.entries(this.tags).map(([Key, Value]) => ({ Key, Value })),
    }));
    sm.on(GetSecretValueCommand).callsFake((input) => {
      const found = [...this.versions].find(([id, v]) => (input.VersionId === undefined || id === input.VersionId) && v.stages.includes(input.VersionStage ?? 'AWSCURRENT'));
      if (found === undefined || found[1].value === undefined)
        throw Object.assign(new Error("Secrets Manager can't find the specified secret value"), { name: 'ResourceNotFoundException' });
      return { SecretString: found[1].value, VersionId: found[0] };
    });
    sm.on(PutSecretValueCommand).callsFake((input) => {
      const stages: string[] = input.VersionStages ?? ['AWSCURRENT'];
      for (const v of this.versions.values()) v.stages = v.stages.filter((s) => !stages.includes(s));
      this.versions.set(input.ClientRequestToken, { value: input.SecretString, stages });
      return {};
    });
    sm.on(UpdateSecretVersionStageCommand).callsFake((input) => {
      if (input.VersionStage === 'AWSCURRENT') {
        for (const v of this.versions.values()) v.stages = v.stages.filter((s) => s !== 'AWSPREVIOUS');
        this.versions.get(input.RemoveFromVersionId)?.stages.push('AWSPREVIOUS');
      }
      for (const v of this.versions.values()) v.stages = v.stages.filter((s) => s !== input.VersionStage);
      const target = this.versions.get(input.MoveToVersionId)!;
      target.stages = [...target.stages.filter((s) => s !== 'AWSPENDING'), input.VersionStage];
      return {};
    });
    sm.on(GetRandomPasswordCommand).callsFake((input) => {
      this.randomRequests.push(input);
      this.generated += 1;
      return { RandomPassword: this.randomValue(this.generated) };
    });
    sm.on(TagResourceCommand).callsFake((input) => {
      for (const t of input.Tags ?? []) this.tags[t.Key] = t.Value;
      return {};
    });
  }

  /** What Secrets Manager does before calling createSecret: a new version staged AWSPENDING, no value yet. */
  startRotation(token: string): void {
    for (const v of this.versions.values()) v.stages = v.stages.filter((s) => s !== 'AWSPENDING');
    this.versions.set(token, { value: undefined, stages: ['AWSPENDING'] });
  }
}

/** Runs the four steps in order, as Secrets Manager does. */
export async function runRotation(secret: FakeSecret, token: string, step: (event: { SecretId: string; ClientRequestToken: string; Step: any }) => Promise<void>): Promise<void> {
  secret.startRotation(token);
  for (const Step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) {
    await step({ SecretId: secret.name, ClientRequestToken: token, Step });
  }
}
