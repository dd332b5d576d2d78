import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { loadMigrationSettings, migrationStackName } from '../../../scripts/migrate/stack-settings';
import { cloudformation, PROPERTIES, resetMocks, TASK_DEFINITION } from '../../lambda/migration/fixtures';

const { ServiceToken: _t, ...OUTPUT_PROPERTIES } = PROPERTIES;

beforeEach(() => resetMocks());

describe('stack output contract', () => {
  test('reads and validates the MigrationSettings output of flashcard-lms-<env>-migration', async () => {
    cloudformation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'flashcard-lms-staging-migration',
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: [{ OutputKey: 'MigrationSettings', OutputValue: JSON.stringify(OUTPUT_PROPERTIES) }],
        },
      ],
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

    cloudformation.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: 'x', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Outputs: [{ OutputKey: 'MigrationSettings', OutputValue: '{"EnvName": "dev"}' }] }],
    });
    await expect(loadMigrationSettings(cloudformation as never, 'dev')).rejects.toThrow('Invalid DatabaseMigration properties:\n  - TaskDefinitionArn is required');
  });
});
