import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PRODUCTION, STAGING } from '../../lib/config/environments';
import { ECS_EXEC_AGENT_PATHS } from '../../lib/constructs/service/fargate-app-service';
import { STRONG_REFERENCE_TYPES } from '../../lib/first-deploy-safety';
import { describeFindings, synthEnvironment, SynthesizedEnvironment } from '../helpers/app';

// GIVEN both built-in environments, synthesized once for the whole file
let prod: SynthesizedEnvironment;
let staging: SynthesizedEnvironment;
beforeAll(() => {
  prod = synthEnvironment(PRODUCTION);
  staging = synthEnvironment(STAGING);
});

const stacksOf = (env: SynthesizedEnvironment): Stack[] => env.stage.node.children.filter((c): c is Stack => c instanceof Stack);
const templatesOf = (env: SynthesizedEnvironment): Array<[Stack, any]> => stacksOf(env).map((s) => [s, env.template(s.node.id).toJSON()]);
const dependsOn = (resource: any): string[] => [resource.DependsOn ?? []].flat();
const only = (template: Template, type: string, props: object = {}): [string, any] => {
  const found = Object.entries<any>(template.findResources(type, props));
  expect(found).toHaveLength(1);
  return found[0];
};

test('cdk-nag reports no unacknowledged error', () => {
  expect(describeFindings(prod.findings)).toEqual([]);
  expect(describeFindings(staging.findings)).toEqual([]);
});

describe('Redis AUTH token', () => {
  // Secrets Manager GetRandomPassword: "By default, Secrets Manager uses uppercase and lowercase
  // letters, numbers, and the following characters in passwords: !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"
  const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const DIGITS = '0123456789';
  const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
  // ElastiCache "Authenticating with the Valkey and Redis OSS AUTH command": printable characters,
  // "Nonalphanumeric characters are restricted to (!, &, #, $, ^, <, >, -)".
  const ELASTICACHE_ALLOWED = new Set([...LETTERS, ...DIGITS, ...'!&#$^<>-']);

  /** Every character a GenerateSecretString of the template can produce. */
  const generatable = (gen: any): string[] => {
    const pool = [
      ...(gen.ExcludeUppercase ? '' : LETTERS.slice(0, 26)),
      ...(gen.ExcludeLowercase ? '' : LETTERS.slice(26)),
      ...(gen.ExcludeNumbers ? '' : DIGITS),
      ...(gen.ExcludePunctuation ? '' : PUNCTUATION),
      ...(gen.IncludeSpace ? ' ' : ''),
    ];
    return pool.filter((c) => !(gen.ExcludeCharacters ?? '').includes(c));
  };

  test.each([['production'], ['staging']])('%s: every character the generator can produce is one ElastiCache accepts', (name) => {
    const env = name === 'production' ? prod : staging;
    const [, secret] = only(env.template('Security'), 'AWS::SecretsManager::Secret', { Properties: { Name: `flashcard-lms/${name}/redis-auth-token` } });
    const gen = secret.Properties.GenerateSecretString;
    const chars = generatable(gen);
    expect(chars.filter((c) => !ELASTICACHE_ALLOWED.has(c))).toEqual([]);
    // REDIS_URL carries the token in its userinfo: nothing may need percent-encoding.
    expect(chars.filter((c) => encodeURIComponent(c) !== c)).toEqual([]);
    // 16-128 characters, and at least three character types, as the page recommends.
    expect(gen.PasswordLength).toBeGreaterThanOrEqual(16);
    expect(gen.PasswordLength).toBeLessThanOrEqual(128);
    expect(gen.RequireEachIncludedType).toBe(true);
    expect(new Set(chars.map((c) => (/[A-Z]/.test(c) ? 'upper' : /[a-z]/.test(c) ? 'lower' : /[0-9]/.test(c) ? 'digit' : 'other'))).size).toBeGreaterThanOrEqual(3);
  });

  test('the generator model itself rejects the old settings, which allowed "." and "_"', () => {
    const old = generatable({ PasswordLength: 64, ExcludeCharacters: ' "/@:%?#&=+\\\'`$!;,<>[]{}|^~()*' });
    expect(old.filter((c) => !ELASTICACHE_ALLOWED.has(c))).toEqual(['-', '.', '_'].filter((c) => !ELASTICACHE_ALLOWED.has(c)));
  });
});

describe('a failed first create cleans up after itself', () => {
  test('no resource is retained when the stack operation that created it rolls back', () => {
    for (const env of [prod, staging]) {
      for (const [stack, template] of templatesOf(env)) {
        const retained = Object.entries<any>(template.Resources).filter(([, r]) => r.DeletionPolicy === 'Retain');
        expect({ stack: stack.stackName, retained: retained.map(([id]) => id) }).toEqual({ stack: stack.stackName, retained: [] });
      }
    }
  });

  test.each([
    ['Security', 'AWS::KMS::Key'],
    ['Security', 'AWS::SecretsManager::Secret'],
    ['Registry', 'AWS::ECR::Repository'],
    ['Data', 'AWS::EFS::FileSystem'],
    ['Data', 'AWS::Logs::LogGroup'],
    ['Services', 'AWS::Logs::LogGroup'],
    ['Backup', 'AWS::Backup::BackupVault'],
  ])('%s %s: kept on update and delete, deleted when its create rolls back', (stackId, type) => {
    const resources = Object.values<any>(prod.template(stackId).findResources(type));
    expect(resources.length).toBeGreaterThan(0);
    for (const r of resources) expect([r.DeletionPolicy, r.UpdateReplacePolicy]).toEqual(['RetainExceptOnCreate', 'Retain']);
  });

  test('the DocumentDB cluster still takes a final snapshot, and the cache too', () => {
    const data = prod.template('Data');
    data.hasResource('AWS::DocDB::DBCluster', { DeletionPolicy: 'Snapshot', Properties: Match.objectLike({ DeletionProtection: true }) });
    data.hasResource('AWS::ElastiCache::ReplicationGroup', { DeletionPolicy: 'Snapshot' });
  });
});

describe('secret rotation starts only when it can succeed', () => {
  test('the master rotation schedule waits for every DocumentDB instance and the ingress rules', () => {
    for (const env of [prod, staging]) {
      const data = env.template('Data');
      const instances = Object.keys(data.findResources('AWS::DocDB::DBInstance'));
      expect(instances).toHaveLength(env.stage.config.documentDb.instances);
      const [, schedule] = only(data, 'AWS::SecretsManager::RotationSchedule', { Properties: { SecretId: { Ref: Match.stringLikeRegexp('^DocumentDbClusterSecretAttachment') } } });
      expect(schedule.Properties.SecretId.Ref).toMatch(/^DocumentDbClusterSecretAttachment/);
      expect(dependsOn(schedule)).toEqual(expect.arrayContaining(instances));
      expect(dependsOn(schedule)).toEqual(expect.arrayContaining([expect.stringMatching(/^DocumentDbSecurityGroup/)]));
    }
  });

  test('the application and health check user schedules are created after the bootstrap that creates the users', () => {
    for (const env of [prod, staging]) {
      const migration = env.template('Migration');
      const [bootstrapId] = only(migration, 'Custom::DatabaseBootstrap');
      const schedules = Object.entries<any>(migration.findResources('AWS::SecretsManager::RotationSchedule'));
      expect(schedules.map(([id]) => id.replace(/Rotation.*$/, '')).sort()).toEqual(['AppUser', 'HealthCheckUser']);
      for (const [id, schedule] of schedules) {
        const user = id.replace(/Rotation.*$/, '');
        expect(dependsOn(schedule)).toContain(bootstrapId);
        expect(dependsOn(schedule)).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${user}RotationToDocumentDb`))]));
        expect(JSON.stringify(schedule.Properties.SecretId)).toMatch(new RegExp(`${user}SecretAttachment`));
        expect(schedule.Properties.RotationRules).toEqual({ ScheduleExpression: `rate(${env.stage.config.migration.appUserRotationDays} days)` });
      }
    }
  });
});

describe('ECS Exec', () => {
  const containerOf = (env: SynthesizedEnvironment, family: string): [any, any] => {
    const [, def] = only(env.template('Services'), 'AWS::ECS::TaskDefinition', { Properties: { Family: family } });
    return [def.Properties, def.Properties.ContainerDefinitions[0]];
  };

  test('where exec is enabled, the SSM agent gets writable paths on the read-only root file system', () => {
    expect(STAGING.services.enableExecuteCommand).toBe(true);
    for (const family of ['staging-backend', 'staging-frontend']) {
      const [def, container] = containerOf(staging, family);
      expect(container.ReadonlyRootFilesystem).toBe(true);
      for (const path of ECS_EXEC_AGENT_PATHS) {
        const mount = container.MountPoints.find((m: any) => m.ContainerPath === path);
        expect(mount).toMatchObject({ ReadOnly: false });
        expect(def.Volumes.map((v: any) => v.Name)).toContain(mount.SourceVolume);
      }
    }
    expect(ECS_EXEC_AGENT_PATHS).toEqual(['/var/lib/amazon', '/var/log/amazon']);
  });

  test('where exec is off, there are no agent paths', () => {
    expect(PRODUCTION.services.enableExecuteCommand).toBe(false);
    for (const family of ['production-backend', 'production-frontend']) {
      const [, container] = containerOf(prod, family);
      expect(container.MountPoints.map((m: any) => m.ContainerPath)).not.toEqual(expect.arrayContaining([ECS_EXEC_AGENT_PATHS[0]]));
    }
  });
});

test('services are created after the cluster capacity-provider association they use', () => {
  for (const env of [prod, staging]) {
    const services = env.template('Services');
    const [associationId] = only(services, 'AWS::ECS::ClusterCapacityProviderAssociations');
    const all = Object.values<any>(services.findResources('AWS::ECS::Service'));
    expect(all).toHaveLength(2);
    for (const service of all) expect(dependsOn(service)).toContain(associationId);
  }
});

describe('cross-stack references', () => {
  /** Weak references allowed: each names a resource whose physical name is a literal, so a replacement keeps the value. */
  const ALLOWED_WEAK = [
    'Services:BackendLogGroup',
    'Migration:DatabaseBootstrapFunction',
    'Migration:DatabaseMigrationStartFunction',
    'Migration:DatabaseMigrationPollFunction',
    'Backup:RestoreTestingValidator',
    // Only where a service deploys with test traffic (production here; staging rolls).
    'Services:BackendDeployHookFunction',
    'Services:FrontendDeployHookFunction',
  ];

  /** `<producer stack id>:<resource logical id without hash>` of every Fn::GetStackOutput in the environment. */
  const weakReferences = (env: SynthesizedEnvironment): Map<string, any> => {
    const byName = new Map(stacksOf(env).map((s) => [s.stackName, s]));
    const found = new Map<string, any>();
    const walk = (o: any): void => {
      if (!o || typeof o !== 'object') return;
      if ('Fn::GetStackOutput' in o) {
        const { StackName, OutputName } = o['Fn::GetStackOutput'];
        const producer = byName.get(StackName)!;
        const producerTemplate = env.template(producer.node.id).toJSON();
        const value = producerTemplate.Outputs[OutputName].Value;
        const logicalId: string = value.Ref ?? value['Fn::GetAtt'][0];
        found.set(`${producer.node.id}:${logicalId.replace(/[0-9A-F]{8}$/, '')}`, producerTemplate.Resources[logicalId]);
      }
      Object.values(o).forEach(walk);
    };
    templatesOf(env).forEach(([, t]) => walk(t));
    return found;
  };

  test('only the listed references are weak; every other one is Export/ImportValue', () => {
    for (const env of [prod, staging]) {
      const expected = ALLOWED_WEAK.filter((w) => env === prod || !w.includes('DeployHook'));
      expect([...weakReferences(env).keys()].sort()).toEqual([...expected].sort());
    }
  });

  test('each weak reference names a resource with a literal physical name, and none is of a type that must be strong', () => {
    for (const [, resource] of weakReferences(prod)) {
      expect(STRONG_REFERENCE_TYPES).not.toContain(resource.Type);
      const name = resource.Properties.LogGroupName ?? resource.Properties.FunctionName;
      expect(typeof name).toBe('string');
    }
  });

  test('security groups, keys and secrets reach their consumers through imports', () => {
    const services = prod.template('Services');
    services.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      Description: 'Backend tasks to DocumentDB',
      GroupId: { 'Fn::ImportValue': Match.stringLikeRegexp('^flashcard-lms-production-data:.*DocumentDbSecurityGroup') },
    });
    prod.template('Data').hasResourceProperties('AWS::DocDB::DBCluster', { KmsKeyId: { 'Fn::ImportValue': Match.stringLikeRegexp('DataKey') } });
  });
});

describe('the no-backup page', () => {
  test('pages only when no backup completed in 26 h in an environment up for 26 h', () => {
    const backup = prod.template('Backup');
    const [, silent] = only(backup, 'AWS::CloudWatch::Alarm', { Properties: { AlarmName: 'production-backup-silent-26h' } });
    expect(silent.Properties).toMatchObject({
      Namespace: 'AWS/Backup',
      MetricName: 'NumberOfBackupJobsCompleted',
      Period: 3600,
      EvaluationPeriods: 26,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    const [, up] = only(backup, 'AWS::CloudWatch::Alarm', { Properties: { AlarmName: 'production-backup-platform-up-26h' } });
    expect(up.Properties).toMatchObject({
      Namespace: 'FlashcardLMS/Health',
      MetricName: 'Healthy',
      Dimensions: expect.arrayContaining([
        { Name: 'Environment', Value: 'production' },
        { Name: 'Check', Value: 'overall' },
      ]),
      Statistic: 'SampleCount',
      Period: 3600,
      EvaluationPeriods: 26,
      DatapointsToAlarm: 26,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      // A new environment has no heartbeats yet: not up for 26 h, so no page.
      TreatMissingData: 'notBreaching',
    });
    // Neither pages by itself.
    for (const helper of [silent, up]) expect(helper.Properties.AlarmActions).toBeUndefined();

    const [, page] = only(backup, 'AWS::CloudWatch::CompositeAlarm');
    expect(page.Properties.AlarmName).toBe('production-backup-no-completed-backup-26h');
    const rule = JSON.stringify(page.Properties.AlarmRule);
    expect(rule).toMatch(/ALARM\(.*Alarmsbackupsilent26h[0-9A-F]{8}.*\) AND ALARM\(.*Alarmsbackupplatformup26h[0-9A-F]{8}.*\)/);
    expect(JSON.stringify(page.Properties.AlarmActions)).toMatch(/Critical/);
    expect(JSON.stringify(page.Properties.OKActions)).toMatch(/Critical/);
  });
});
