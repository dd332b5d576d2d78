import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { parseUrlSettingsEnv } from '../../lambda/db-bootstrap/settings';
import { ACCEPTED_PROPERTIES } from '../../lambda/migration/request';
import { parseMigrationSettings } from '../../lambda/migration/settings';
import { PRODUCTION, STAGING } from '../../lib/config/environments';
import { MIGRATION_SETTINGS_OUTPUT } from '../../lib/stacks/migration-stack';
import { loadMigrationSettings, migrationStackName } from '../../scripts/migrate/stack-settings';
import { describeFindings, synthEnvironment, SynthesizedEnvironment } from '../helpers/app';

// GIVEN both environments synthesized once, with cdk-nag
let prod: SynthesizedEnvironment;
let staging: SynthesizedEnvironment;
let t: Template;
beforeAll(() => {
  prod = synthEnvironment(PRODUCTION);
  // Staging as a rollback deploys it: -c migrate=false.
  staging = synthEnvironment(STAGING, { context: { migrate: 'false' } });
  t = prod.template('Migration');
});

test('-c migrate=false deploys the migration resource with SkipRun, so a rollback runs no migration', () => {
  t.hasResourceProperties('Custom::DatabaseMigration', { SkipRun: Match.absent() });
  staging.template('Migration').hasResourceProperties('Custom::DatabaseMigration', { SkipRun: 'true' });
});

const ACCOUNT = PRODUCTION.account;
const REGION = PRODUCTION.region;
const one = (template: Template, type: string): [string, any] => {
  const found = Object.entries(template.findResources(type));
  expect(found).toHaveLength(1);
  return found[0];
};
const statementsOf = (template: Template, policyIdPrefix: string): any[] => {
  const policies = Object.entries<any>(template.findResources('AWS::IAM::Policy')).filter(([id]) => id.startsWith(policyIdPrefix));
  expect(policies).toHaveLength(1);
  return policies[0][1].Properties.PolicyDocument.Statement;
};
const statement = (statements: any[], sid: string): any => {
  const found = statements.find((s) => s.Sid === sid);
  expect(found).toBeDefined();
  return found;
};
const allStatements = (template: Template): any[] => Object.values<any>(template.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
const actionsOf = (s: any): string[] => [s.Action].flat();

/** Replaces the intrinsics CloudFormation resolves at deploy time with values of the right shape. */
function sampleOf(intrinsic: unknown): string {
  const text = JSON.stringify(intrinsic);
  const samples: Array<[RegExp, string]> = [
    [/TaskDefinition/, `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/production-backend-migration:7`],
    [/Subnet/, 'subnet-0a1b2c3d4e5f60718'],
    [/SecurityGroup/, 'sg-0a1b2c3d4e5f60718'],
    [/LogGroup/, '/flashcard-lms/production/backend-migration'],
    [/TopicsCritical/, `arn:aws:sns:${REGION}:${ACCOUNT}:production-flashcard-lms-critical`],
    [/Secret/, `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:flashcard-lms/production/x-AbC123`],
    [/DocumentDbCluster.*Endpoint/, 'production-flashcard-lms.cluster-abc.eu-west-1.docdb.amazonaws.com'],
    [/PrimaryEndPointAddress/, 'master.production.abc.euw1.cache.amazonaws.com'],
    [/PrimaryEndPointPort/, '6379'],
  ];
  const hit = samples.find(([pattern]) => pattern.test(text));
  if (!hit) throw new Error(`no sample for ${text}`);
  return hit[1];
}

/** A resolved `Fn::Join` (or plain string) as CloudFormation would produce it, with samples for the references. */
function joined(value: any): string {
  if (typeof value === 'string') return value;
  if (value['Fn::Join']) return value['Fn::Join'][1].map((part: unknown) => (typeof part === 'string' ? part : sampleOf(part))).join(value['Fn::Join'][0]);
  return sampleOf(value);
}

describe('stack and ordering', () => {
  test('the stack is named as the on-demand command expects', () => {
    expect(prod.stage.migration.stackName).toBe(migrationStackName('production'));
    expect(staging.stage.migration.stackName).toBe('flashcard-lms-staging-migration');
  });

  test('the services stack depends on the migration stack, never the other way round', () => {
    const { migration, services, data, security, alerting, registry } = prod.stage;
    expect(services.dependencies).toContain(migration);
    expect(migration.dependencies).not.toContain(services);
    expect(migration.dependencies).toEqual(expect.arrayContaining([data, security, alerting, registry]));
  });

  test('the migration custom resource runs after the bootstrap, in a cluster of its own that exists before the services', () => {
    const [bootstrapId] = one(t, 'Custom::DatabaseBootstrap');
    const [clusterId, cluster] = one(t, 'AWS::ECS::Cluster');
    const [, migration] = one(t, 'Custom::DatabaseMigration');
    expect(migration.DependsOn).toEqual(expect.arrayContaining([bootstrapId, clusterId]));
    expect(cluster.Properties).toMatchObject({ ClusterName: 'production-flashcard-lms-migrations', ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
  });

  test('the bootstrap reruns on a new release or handler, not on the clock: its run token digests both', () => {
    const [, bootstrap] = one(t, 'Custom::DatabaseBootstrap');
    expect(bootstrap.Properties.RunToken).toMatch(/^[0-9a-f]{64}$/);
    // test/determinism.test.ts: equal on a second synthesis, different with another image tag.
    expect(bootstrap.Properties.ServiceTimeout).toBe('900');
  });
});

describe('bootstrap', () => {
  test('properties and URL_SETTINGS are what the handler reads, and the handler accepts them', () => {
    const [, bootstrap] = one(t, 'Custom::DatabaseBootstrap');
    const { ServiceToken: _token, ServiceTimeout: _timeout, RunToken: _run, MasterSecretArn, HealthCheckUserSecretArn, ...urlProperties } = bootstrap.Properties;
    expect(JSON.stringify(MasterSecretArn)).toMatch(/DocumentDbClusterSecretAttachment/);
    expect(JSON.stringify(HealthCheckUserSecretArn)).toMatch(/HealthCheckUserSecretAttachment/);
    expect(urlProperties).toMatchObject({
      ClusterPort: '27017',
      DatabaseName: 'flashcard_lms',
      ReplicaSet: 'rs0',
      CaFilePath: PRODUCTION.services.docdbCaFile,
    });

    const fn = Object.values<any>(t.findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'production-flashcard-lms-db-bootstrap' } }))[0];
    const env = fn.Properties.Environment.Variables;
    expect(env.ECS_CLUSTER).toBe('production-flashcard-lms');
    expect(env.ECS_SERVICE).toBe('backend');
    // The rotation path reads the same keys as the custom resource, minus the master secret.
    const settings = joined(env.URL_SETTINGS);
    expect(Object.keys(JSON.parse(settings)).sort()).toEqual(Object.keys(urlProperties).sort());
    expect(() => parseUrlSettingsEnv(settings)).not.toThrow();
  });

  test('the literal ECS names match what the services stack creates', () => {
    const services = prod.template('Services');
    services.hasResourceProperties('AWS::ECS::Cluster', { ClusterName: 'production-flashcard-lms' });
    services.hasResourceProperties('AWS::ECS::Service', { ServiceName: 'backend' });
  });

  test('IAM: reads the six secrets, writes only the two URL secrets, restarts only the backend', () => {
    const statements = statementsOf(t, 'DatabaseBootstrapFunctionServiceRoleDefaultPolicy');
    const read = statement(statements, 'ReadCredentials');
    expect(read.Action).toBe('secretsmanager:GetSecretValue');
    const readNames = read.Resource.map((r: unknown) => JSON.stringify(r).match(/(?:PublishOutput|ExportsOutput)Ref(\w+?)[0-9A-F]{8}/)?.[1]).sort();
    expect(readNames).toEqual([
      'AppUserSecretAttachment',
      'DocumentDbClusterSecretAttachment',
      'HealthCheckUserSecretAttachment',
      'SecretsDatabaseUrl',
      'SecretsRedisAuthToken',
      'SecretsRedisUrl',
    ]);

    const write = statement(statements, 'WriteConnectionUrls');
    expect(write.Action).toBe('secretsmanager:PutSecretValue');
    expect(write.Resource.map((r: unknown) => JSON.stringify(r).match(/(?:PublishOutput|ExportsOutput)Ref(\w+?)[0-9A-F]{8}/)?.[1]).sort()).toEqual([
      'SecretsDatabaseUrl',
      'SecretsRedisUrl',
    ]);
    // No other statement in the stage may write a secret, except each rotation function on its own secret.
    const rotated = { Data: /(?:PublishOutput|ExportsOutput)RefSecretsRedisAuthToken/, Security: /SecretsJwtSigningKeys/ } as Record<string, RegExp>;
    for (const stackId of ['Migration', 'Services', 'Data', 'Security']) {
      const writers = allStatements(prod.template(stackId)).filter((s) => actionsOf(s).some((a) => /^secretsmanager:(PutSecretValue|\*)$/.test(a)));
      if (stackId === 'Migration') expect(writers).toEqual([write]);
      else if (rotated[stackId]) {
        expect(writers).toHaveLength(1);
        expect(writers[0].Sid).toBe('RotateTheSecret');
        expect(JSON.stringify(writers[0].Resource)).toMatch(rotated[stackId]);
      } else expect(writers).toEqual([]);
    }

    expect(statement(statements, 'SecretsKeyViaSecretsManager')).toMatchObject({
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com` } },
    });
    expect(statement(statements, 'RestartBackend')).toMatchObject({
      Action: 'ecs:UpdateService',
      Resource: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/production-flashcard-lms/backend`,
    });
    expect(statements).toHaveLength(4);
  });

  test('the services never hold the master credentials', () => {
    const services = JSON.stringify(prod.template('Services').toJSON());
    expect(services).not.toMatch(/DocumentDbClusterSecret|docdb-master/);
    const [, task] = one(t, 'AWS::ECS::TaskDefinition');
    expect(JSON.stringify(task)).not.toMatch(/DocumentDbClusterSecret|docdb-master/);
  });

  test('runs in the private subnets and may reach DocumentDB on 27017', () => {
    const fn = Object.values<any>(t.findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'production-flashcard-lms-db-bootstrap' } }))[0];
    expect(JSON.stringify(fn.Properties.VpcConfig.SubnetIds)).toMatch(/PrivateSubnet/);
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      Description: 'Database bootstrap to DocumentDB',
      FromPort: 27017,
      ToPort: 27017,
      GroupId: { 'Fn::ImportValue': Match.stringLikeRegexp('^flashcard-lms-production-data:') },
    });
  });

  test('an EventBridge rule on rotations and new values of the app-user secret and Redis token invokes the bootstrap', () => {
    const [, rule] = one(t, 'AWS::Events::Rule');
    const pattern = rule.Properties.EventPattern;
    expect(pattern).toMatchObject({
      source: ['aws.secretsmanager'],
      'detail-type': ['AWS API Call via CloudTrail', 'AWS Service Event via CloudTrail'],
      detail: { eventSource: ['secretsmanager.amazonaws.com'], eventName: ['RotationSucceeded', 'PutSecretValue', 'UpdateSecret'], errorCode: [{ exists: false }] },
    });
    const ids = pattern.detail.$or.find((o: any) => o.requestParameters).requestParameters.secretId;
    expect(ids).toEqual(
      expect.arrayContaining([
        'flashcard-lms/production/docdb-app-user',
        'flashcard-lms/production/redis-auth-token',
        `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:flashcard-lms/production/docdb-app-user`,
      ]),
    );
    const rotationArns = JSON.stringify(pattern.detail.$or.find((o: any) => o.additionalEventData));
    expect(rotationArns).toMatch(/AppUserSecretAttachment/);
    expect(rotationArns).toMatch(/SecretsRedisAuthToken/);
    expect(JSON.stringify(pattern)).not.toMatch(/DatabaseUrl|RedisUrl|DocumentDbClusterSecret/);
    expect(JSON.stringify(rule.Properties.Targets[0].Arn)).toMatch(/DatabaseBootstrapFunction/);
  });

  test('the application-user secret lives in the data stack; its multi-user rotation, on the configured interval, in this one', () => {
    const data = prod.template('Data');
    data.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'flashcard-lms/production/docdb-app-user',
      KmsKeyId: { 'Fn::ImportValue': Match.stringLikeRegexp('DataKey') },
      GenerateSecretString: Match.objectLike({
        GenerateStringKey: 'password',
        SecretStringTemplate: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('"username":"lmsapp","masterarn"')])] }),
      }),
    });
    t.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { 'Fn::ImportValue': Match.stringLikeRegexp('AppUserSecretAttachment') },
      RotationRules: { ScheduleExpression: `rate(${PRODUCTION.migration.appUserRotationDays} days)` },
    });
    expect(JSON.stringify(t.toJSON().Mappings)).toMatch(/SecretsManagerMongoDBRotationMultiUser/);
    // The application user's and the health check user's multi-user rotations.
    expect(Object.keys(t.findResources('AWS::Serverless::Application'))).toHaveLength(2);
    // The data stack keeps only the master's single-user rotation.
    expect(Object.keys(data.findResources('AWS::Serverless::Application'))).toHaveLength(1);
    expect(JSON.stringify(data.toJSON().Mappings)).not.toMatch(/MultiUser/);
  });

  test('the health check user has a secret of its own beside it, rotated the same way after the bootstrap', () => {
    const data = prod.template('Data');
    data.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'flashcard-lms/production/docdb-health-check-user',
      GenerateSecretString: Match.objectLike({
        SecretStringTemplate: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('"username":"lmshealth","masterarn"')])] }),
      }),
    });
    const [id, schedule] = Object.entries<any>(
      t.findResources('AWS::SecretsManager::RotationSchedule', {
        Properties: {
          SecretId: { 'Fn::ImportValue': Match.stringLikeRegexp('HealthCheckUserSecretAttachment') },
          RotationRules: { ScheduleExpression: `rate(${PRODUCTION.migration.appUserRotationDays} days)` },
        },
      }),
    )[0];
    expect(id).toMatch(/^HealthCheckUserRotation/);
    expect(schedule.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^DatabaseBootstrap/)]));
  });
});

describe('migration task', () => {
  const backendContainer = (env: SynthesizedEnvironment) =>
    Object.values<any>(env.template('Services').findResources('AWS::ECS::TaskDefinition', { Properties: { Family: `${env.stage.config.name}-backend` } }))[0].Properties
      .ContainerDefinitions[0];

  test('the backend image, environment and secrets, in its own family, log group and security group', () => {
    for (const env of [prod, staging]) {
      const name = env.stage.config.name;
      const [, task] = one(env.template('Migration'), 'AWS::ECS::TaskDefinition');
      expect(task.Properties.Family).toBe(`${name}-backend-migration`);
      const container = task.Properties.ContainerDefinitions[0];
      const backend = backendContainer(env);
      expect(container.Image).toEqual(backend.Image);
      expect(container.Environment).toEqual(backend.Environment);
      // Only the database URL of the backend's secrets: the migration needs nothing else.
      expect(container.Secrets).toEqual(backend.Secrets.filter((x: any) => x.Name === 'DATABASE_URL'));
      expect(container.Secrets).toHaveLength(1);
      expect(container).toMatchObject({ Name: 'migration', User: backend.User, ReadonlyRootFilesystem: true, Privileged: false });
      expect(container.PortMappings).toBeUndefined();
      expect(container.LogConfiguration.Options['awslogs-stream-prefix']).toBe('migration');
      env.template('Migration').hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: `/flashcard-lms/${name}/backend-migration`, KmsKeyId: Match.anyValue() });
    }
  });

  test('IAM: the task can read only the database URL secret', () => {
    for (const env of [prod, staging]) {
      const template = env.template('Migration');
      const [, task] = one(template, 'AWS::ECS::TaskDefinition');
      const roleIds = [task.Properties.ExecutionRoleArn, task.Properties.TaskRoleArn].map((r: any) => r['Fn::GetAtt'][0]);
      const statements = Object.values<any>(template.findResources('AWS::IAM::Policy'))
        .filter((p) => p.Properties.Roles.some((r: any) => roleIds.includes(r.Ref)))
        .flatMap((p) => p.Properties.PolicyDocument.Statement);
      const secretReads = statements.filter((x) => actionsOf(x).some((a) => a.startsWith('secretsmanager:')));
      expect(secretReads).toHaveLength(1);
      expect(actionsOf(secretReads[0]).sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
      const [databaseUrl] = task.Properties.ContainerDefinitions[0].Secrets;
      expect(databaseUrl.Name).toBe('DATABASE_URL');
      expect([secretReads[0].Resource].flat()).toEqual([databaseUrl.ValueFrom]);
    }
  });

  test('its security group may reach DocumentDB and the cache, through rules owned by this stack', () => {
    for (const [port, description] of [
      [27017, 'Migration tasks to DocumentDB'],
      [6379, 'Migration tasks to ElastiCache'],
    ] as const) {
      t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        Description: description,
        FromPort: port,
        ToPort: port,
        SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MigrationTaskSecurityGroup'), 'GroupId'] },
      });
    }
  });
});

describe('migration custom resource', () => {
  const functionEnv = (name: string) =>
    Object.values<any>(t.findResources('AWS::Lambda::Function', { Properties: { FunctionName: `production-flashcard-lms-migration-${name}` } }))[0].Properties.Environment
      .Variables;

  test("the custom resource carries only the image tag; the settings come from config through the functions' environment", () => {
    const [, migration] = one(t, 'Custom::DatabaseMigration');
    const { ServiceToken: _token, ServiceTimeout, ...properties } = migration.Properties;
    expect(ServiceTimeout).toBe('3600');
    expect(properties).toEqual({ ImageTag: PRODUCTION.images.backendTag });
    // Every property CloudFormation sends is one the handler accepts.
    for (const key of Object.keys(migration.Properties)) expect(ACCEPTED_PROPERTIES).toContain(key);
    for (const key of Object.keys(staging.template('Migration').findResources('Custom::DatabaseMigration')).flatMap((id) =>
      Object.keys(staging.template('Migration').toJSON().Resources[id].Properties),
    )) {
      expect(ACCEPTED_PROPERTIES).toContain(key);
    }

    for (const name of ['start', 'poll']) {
      const env = functionEnv(name);
      expect(JSON.stringify(env.STACK_ID)).toBe(JSON.stringify({ Ref: 'AWS::StackId' }));
      const resolved = JSON.parse(joined(env.MIGRATION_SETTINGS));
      expect(resolved).toMatchObject({
        EnvName: 'production',
        ClusterId: 'production-flashcard-lms',
        ImageTag: PRODUCTION.images.backendTag,
        EcsCluster: 'production-flashcard-lms-migrations',
        ContainerName: 'migration',
        LogStreamPrefix: 'migration',
        MigrateCommand: 'python -m app.migrations.run_migrations',
        VerifyCommand: 'python -m app.migrations.verify_migrations',
        SnapshotRetentionDays: String(PRODUCTION.migration.snapshotRetentionDays),
        SnapshotsToKeep: String(PRODUCTION.migration.snapshotsToKeep),
        MetricNamespace: 'FlashcardLMS/Migrations',
        TimeoutMinutes: String(PRODUCTION.migration.timeoutMinutes),
      });
      expect(resolved.Subnets.split(',')).toHaveLength(PRODUCTION.availabilityZones.length);
      expect(parseMigrationSettings(resolved)).toMatchObject({ taskFamily: 'production-backend-migration', timeoutMinutes: PRODUCTION.migration.timeoutMinutes });
    }
  });

  test('the Provider polls every 30 s for at most the hour CloudFormation waits, and the run times out first', () => {
    const [, machine] = one(t, 'AWS::StepFunctions::StateMachine');
    const definition = machine.Properties.DefinitionString['Fn::Join'][1].filter((p: unknown) => typeof p === 'string').join('');
    expect(definition).toContain('"IntervalSeconds":30,"MaxAttempts":120,"BackoffRate":1');
    expect(PRODUCTION.migration.timeoutMinutes * 60).toBeLessThan(30 * 120);
    const poll = Object.values<any>(t.findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'production-flashcard-lms-migration-poll' } }))[0];
    expect(poll.Properties).toMatchObject({ Handler: 'index.isComplete', Timeout: 120, Runtime: 'nodejs24.x' });
    t.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'production-flashcard-lms-migration-start', Handler: 'index.onEvent' });
  });

  test('the output MigrationSettings holds the same JSON, and the on-demand command reads it', async () => {
    const output = t.toJSON().Outputs[MIGRATION_SETTINGS_OUTPUT];
    expect(output).toBeDefined();
    const stack = prod.stage.migration;
    expect(output.Value).toEqual(stack.resolve(Stack.of(stack).toJsonString(prod.stage.migration.migration.settings)));
    expect(output.Value).toEqual(functionEnv('start').MIGRATION_SETTINGS);
    const json = joined(output.Value);

    const cloudformation = mockClient(CloudFormationClient);
    cloudformation.on(DescribeStacksCommand, { StackName: 'flashcard-lms-production-migration' }).resolves({
      Stacks: [
        {
          StackName: 'flashcard-lms-production-migration',
          CreationTime: new Date(),
          StackStatus: 'UPDATE_COMPLETE',
          Outputs: [{ OutputKey: 'MigrationSettings', OutputValue: json }],
        },
      ],
    });
    const settings = await loadMigrationSettings(new CloudFormationClient({ region: REGION }), 'production');
    expect(settings).toMatchObject({
      envName: 'production',
      clusterId: 'production-flashcard-lms',
      containerName: 'migration',
      migrateCommand: ['python', '-m', 'app.migrations.run_migrations'],
    });
    cloudformation.restore();
  });

  test('IAM: RunTask only on the task definition this deploy made, in this cluster; PassRole only for its two roles', () => {
    const poll = statementsOf(t, 'DatabaseMigrationPollFunctionServiceRoleDefaultPolicy');
    const inCluster = { ArnEquals: { 'ecs:cluster': `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/production-flashcard-lms-migrations` } };
    const [taskDefinitionId] = one(t, 'AWS::ECS::TaskDefinition');
    expect(statement(poll, 'RunMigrationTask')).toEqual({
      Sid: 'RunMigrationTask',
      Effect: 'Allow',
      Action: 'ecs:RunTask',
      Resource: { Ref: taskDefinitionId },
      Condition: inCluster,
    });
    const pass = statement(poll, 'PassMigrationTaskRoles');
    expect(pass.Action).toBe('iam:PassRole');
    expect(pass.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } });
    expect(pass.Resource.map((r: any) => r['Fn::GetAtt'][0]).sort()).toEqual([
      expect.stringMatching(/^MigrationTaskTaskDefinitionExecutionRole/),
      expect.stringMatching(/^MigrationTaskTaskDefinitionTaskRole/),
    ]);
    expect(statement(poll, 'DescribeTasksInCluster')).toMatchObject({
      Resource: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/production-flashcard-lms-migrations/*`,
      Condition: inCluster,
    });
    expect(statement(poll, 'ListTasksInCluster')).toMatchObject({ Resource: '*', Condition: inCluster });

    // No other statement of the stage may run tasks or pass roles.
    for (const stackId of ['Migration', 'Services']) {
      for (const s of allStatements(prod.template(stackId))) {
        if (actionsOf(s).some((a) => /^ecs:(RunTask|\*)$/.test(a))) expect(s.Sid).toBe('RunMigrationTask');
        if (actionsOf(s).some((a) => /^iam:(PassRole|\*)$/.test(a))) expect(s.Sid).toBe('PassMigrationTaskRoles');
      }
    }
    const start = statementsOf(t, 'DatabaseMigrationStartFunctionServiceRoleDefaultPolicy');
    expect(start.flatMap(actionsOf)).not.toEqual(expect.arrayContaining(['ecs:RunTask']));
    expect(start.flatMap(actionsOf)).not.toContain('iam:PassRole');
  });

  test('IAM: snapshot actions only on this cluster and its pre-migration snapshots', () => {
    const cluster = `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:production-flashcard-lms`;
    const snapshots = `arn:aws:rds:${REGION}:${ACCOUNT}:cluster-snapshot:production-premigration-*`;
    const start = statementsOf(t, 'DatabaseMigrationStartFunctionServiceRoleDefaultPolicy');
    const poll = statementsOf(t, 'DatabaseMigrationPollFunctionServiceRoleDefaultPolicy');
    expect(statement(start, 'TakePremigrationSnapshot')).toMatchObject({ Action: ['rds:AddTagsToResource', 'rds:CreateDBClusterSnapshot'] });
    expect([...statement(start, 'TakePremigrationSnapshot').Resource].sort()).toEqual([snapshots, cluster].sort());
    expect(statement(poll, 'PruneOldSnapshots')).toMatchObject({ Action: 'rds:DeleteDBClusterSnapshot', Resource: snapshots });
    for (const s of [...start, ...poll].filter((x) => actionsOf(x).some((a) => a.startsWith('rds:')))) {
      for (const resource of [s.Resource].flat()) expect([cluster, snapshots]).toContain(resource);
    }
  });

  test('IAM: metrics only in the migration namespace; notifications only to the critical topic', () => {
    for (const prefix of ['DatabaseMigrationStartFunction', 'DatabaseMigrationPollFunction']) {
      const statements = statementsOf(t, `${prefix}ServiceRoleDefaultPolicy`);
      expect(statement(statements, 'PublishRunMetrics')).toMatchObject({
        Action: 'cloudwatch:PutMetricData',
        Condition: { StringEquals: { 'cloudwatch:namespace': 'FlashcardLMS/Migrations' } },
      });
      expect(JSON.stringify(statement(statements, 'NotifyFailure'))).toMatch(/TopicsCritical/);
      expect(statement(statements, 'NotifyTopicKey').Condition).toEqual({ StringEquals: { 'kms:ViaService': `sns.${REGION}.amazonaws.com` } });
    }
  });
});

describe('secrets', () => {
  const templates = (env: SynthesizedEnvironment) =>
    env.stage.node.children.filter((c): c is Stack => c instanceof Stack).map((s) => [s.node.id, Template.fromStack(s).toJSON()] as const);

  test('no secret value appears in any template of the stage', () => {
    let references = 0;
    for (const env of [prod, staging]) {
      for (const [id, template] of templates(env)) {
        const text = JSON.stringify(template);
        expect({ id, match: text.match(/"SecretString"\s*:/) }).toEqual({ id, match: null });
        // Every credential-like property is absent or a Secrets Manager dynamic reference.
        const walk = (node: unknown, path: string): void => {
          if (Array.isArray(node)) return node.forEach((v, i) => walk(v, `${path}.${i}`));
          if (typeof node !== 'object' || node === null) return;
          for (const [key, value] of Object.entries(node)) {
            if (/^(MasterUserPassword|AuthToken|Password|SecretString)$/i.test(key)) {
              expect({ at: `${id}${path}.${key}`, value: JSON.stringify(value) }).toEqual({
                at: `${id}${path}.${key}`,
                value: expect.stringContaining('{{resolve:secretsmanager:'),
              });
              references += 1;
            }
            walk(value, `${path}.${key}`);
          }
        };
        walk(template, '');
        // No URL with credentials and no generated-looking password in clear.
        expect(text).not.toMatch(/mongodb:\/\/[^"]*@|rediss?:\/\/:[^"]*@/);
      }
    }
    // The DocumentDB master password and the cache AUTH token, in each environment.
    expect(references).toBeGreaterThanOrEqual(4);
  });
});

test('cdk-nag reports no unacknowledged error', () => {
  expect(describeFindings(prod.findings)).toEqual([]);
  expect(describeFindings(staging.findings)).toEqual([]);
});
