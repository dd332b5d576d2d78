import { CreateDBClusterSnapshotCommand } from '@aws-sdk/client-docdb';
import type * as Handler from '../../../lambda/migration/index';
import { compactTimestamp, RUN_ID } from '../../../lambda/migration/naming';
import { cfnEvent, docdb, freshAws, PROPERTIES, STACK_ID } from './fixtures';

const savedEnv = process.env;
afterEach(() => {
  process.env = savedEnv;
});

test('the deployed handler: settings from the environment, the system clock and a random run id', async () => {
  const aws = freshAws();
  aws.clock = new Date();
  process.env = { ...savedEnv, MIGRATION_SETTINGS: JSON.stringify(PROPERTIES), STACK_ID };
  // Imported here, once the environment is set; it shares this file's mocked SDK clients.
  const handler = require('../../../lambda/migration/index') as typeof Handler;
  const before = compactTimestamp(new Date());

  const out = await handler.onEvent(cfnEvent('Create'));

  const runId = out.Data?.RunId ?? '';
  expect(runId).toMatch(RUN_ID);
  expect(runId.slice(0, 14) >= before && runId.slice(0, 14) <= compactTimestamp(new Date())).toBe(true);
  expect(docdb.commandCalls(CreateDBClusterSnapshotCommand)[0].args[0].input.DBClusterIdentifier).toBe('staging-flashcard-lms');
  // One throttled call must not fail a deploy: the clients retry up to 5 attempts.
  const client = docdb.commandCalls(CreateDBClusterSnapshotCommand)[0].thisValue as { config: { maxAttempts: () => Promise<number> } };
  expect(await client.config.maxAttempts()).toBe(5);
  expect(await handler.isComplete({ ...cfnEvent('Delete'), Data: undefined })).toEqual({ IsComplete: true });
  expect(await handler.onEvent(cfnEvent('Delete'))).toEqual({ PhysicalResourceId: 'staging-database-migration' });
});

test('a cold start without settings fails, naming the variable', () => {
  process.env = { ...savedEnv, MIGRATION_SETTINGS: undefined, STACK_ID };
  jest.isolateModules(() => {
    expect(() => require('../../../lambda/migration/index')).toThrow('MIGRATION_SETTINGS must be a JSON object of the migration settings (got nothing)');
  });
});
