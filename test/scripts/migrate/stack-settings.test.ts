import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { parseMigrationSettings } from '../../../lambda/migration/settings';
import { loadMigrationSettings, migrationStackName } from '../../../scripts/migrate/stack-settings';
import { taskDefinitionForTag, withImageTag } from '../../../scripts/migrate/task-definition';
import { cloudformation, ecs, PROPERTIES, resetMocks, TASK_DEFINITION } from '../../lambda/migration/fixtures';

const { ServiceToken: _t, ...OUTPUT_PROPERTIES } = PROPERTIES;

beforeEach(() => resetMocks());

describe('stack output contract', () => {
  test('reads and validates the MigrationSettings output of flashcard-lms-<env>-migration', async () => {
    cloudformation.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: 'flashcard-lms-staging-migration', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(), Outputs: [{ OutputKey: 'MigrationSettings', OutputValue: JSON.stringify(OUTPUT_PROPERTIES) }] }],
    });

    const s = await loadMigrationSettings(cloudformation as never, 'staging');

    expect(migrationStackName('staging')).toBe('flashcard-lms-staging-migration');
    expect(cloudformation.commandCalls(DescribeStacksCommand)[0].args[0].input).toEqual({ StackName: 'flashcard-lms-staging-migration' });
    expect(s).toMatchObject({ envName: 'staging', imageTag: 'v1.4.0', taskDefinitionArn: TASK_DEFINITION, subnets: ['subnet-0aaa1111', 'subnet-0bbb2222'] });
  });

  test('a missing stack, output or bad JSON each say what to do', async () => {
    cloudformation.on(DescribeStacksCommand).rejects(new Error('Stack with id flashcard-lms-dev-migration does not exist'));
    await expect(loadMigrationSettings(cloudformation as never, 'dev')).rejects.toThrow(
      'Cannot read stack flashcard-lms-dev-migration: Stack with id flashcard-lms-dev-migration does not exist. Is environment "dev" deployed',
    );

    cloudformation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'x', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Outputs: [] }] });
    await expect(loadMigrationSettings(cloudformation as never, 'dev')).rejects.toThrow('Stack flashcard-lms-dev-migration has no output MigrationSettings');

    cloudformation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'x', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Outputs: [{ OutputKey: 'MigrationSettings', OutputValue: '{"EnvName": "dev"}' }] }] });
    await expect(loadMigrationSettings(cloudformation as never, 'dev')).rejects.toThrow('Invalid DatabaseMigration properties:\n  - TaskDefinitionArn is required');
  });
});

describe('--image-tag', () => {
  const describeOut = {
    taskDefinition: {
      family: 'flashcard-lms-staging-migration',
      taskRoleArn: 'arn:aws:iam::111111111111:role/task',
      executionRoleArn: 'arn:aws:iam::111111111111:role/exec',
      networkMode: 'awsvpc' as const,
      requiresCompatibilities: ['FARGATE' as const],
      cpu: '512',
      memory: '1024',
      revision: 7,
      status: 'ACTIVE' as const,
      containerDefinitions: [
        { name: 'backend', image: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/flashcard-lms-backend:v1.4.0', secrets: [{ name: 'DATABASE_URL', valueFrom: 'arn:x' }] },
        { name: 'log-router', image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable' },
      ],
    },
    tags: [{ key: 'Environment', value: 'staging' }],
  };

  test('image references keep the repository and take the new tag', () => {
    expect(withImageTag('1.dkr.ecr.eu-west-1.amazonaws.com/repo:v1', 'v2')).toBe('1.dkr.ecr.eu-west-1.amazonaws.com/repo:v2');
    expect(withImageTag('localhost:5000/repo@sha256:abc', 'v2')).toBe('localhost:5000/repo:v2');
    expect(withImageTag('localhost:5000/repo', 'v2')).toBe('localhost:5000/repo:v2');
  });

  test('another tag registers a revision that changes only the migration container image', async () => {
    const settings = parseMigrationSettings(PROPERTIES);
    ecs.on(DescribeTaskDefinitionCommand).resolves(describeOut);
    ecs.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: `${TASK_DEFINITION.slice(0, -2)}:8` } });

    const out = await taskDefinitionForTag(ecs as never, settings, 'v1.5.0');

    expect(out).toEqual({ arn: TASK_DEFINITION.replace(/:7$/, ':8'), registered: true });
    const input = ecs.commandCalls(RegisterTaskDefinitionCommand)[0].args[0].input;
    expect(input.containerDefinitions?.map((c) => c.image)).toEqual([
      '111111111111.dkr.ecr.eu-west-1.amazonaws.com/flashcard-lms-backend:v1.5.0',
      'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
    ]);
    expect(input.containerDefinitions?.[0].secrets).toEqual([{ name: 'DATABASE_URL', valueFrom: 'arn:x' }]);
    expect(input).toMatchObject({ family: 'flashcard-lms-staging-migration', taskRoleArn: 'arn:aws:iam::111111111111:role/task', executionRoleArn: 'arn:aws:iam::111111111111:role/exec', cpu: '512', memory: '1024', tags: [{ key: 'Environment', value: 'staging' }] });
    expect(input).not.toHaveProperty('revision');
    expect(input).not.toHaveProperty('status');
  });

  test('the deployed tag reuses the deployed task definition', async () => {
    const settings = parseMigrationSettings(PROPERTIES);
    ecs.on(DescribeTaskDefinitionCommand).resolves(describeOut);

    expect(await taskDefinitionForTag(ecs as never, settings, 'v1.4.0')).toEqual({ arn: TASK_DEFINITION, registered: false });
    expect(ecs.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0);
  });
});
