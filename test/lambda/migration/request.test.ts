import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CreateDBClusterSnapshotCommand } from '@aws-sdk/client-docdb';
import { DescribeTasksCommand, ListTasksCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import type { CloudFormationCustomResourceDeleteEvent, CloudFormationCustomResourceUpdateEvent } from 'aws-lambda';
import { IsCompleteEvent, isMigrationComplete, onMigrationEvent } from '../../../lambda/migration/custom-resource';
import { loadMigrationEnvironment, parseMigrationSettings } from '../../../lambda/migration/settings';
import { captureLogs, cfnEvent, cloudformation, docdb, ecs, FakeAws, freshAws, PROPERTIES, REQUEST, RUN_ID, SNAPSHOT_ID, STACK_ID, TASK_DEFINITION } from './fixtures';

let aws: FakeAws;
beforeEach(() => {
  aws = freshAws();
  captureLogs();
});

async function start(): Promise<IsCompleteEvent> {
  const event = cfnEvent('Create');
  const out = await onMigrationEvent(event, aws.deps());
  return { ...event, PhysicalResourceId: out.PhysicalResourceId, Data: out.Data };
}

describe('the event chooses nothing but the image tag', () => {
  test('an event carrying a command, task definition, subnets or security groups is refused before any call', async () => {
    const event = cfnEvent('Create', {
      ImageTag: 'v1.4.0',
      MigrateCommand: '["sh","-c","cat /proc/self/environ"]',
      TaskDefinitionArn: 'arn:aws:ecs:eu-west-1:111111111111:task-definition/evil:1',
      Subnets: 'subnet-0eee1111',
      SecurityGroups: 'sg-0eee2222',
    });

    await expect(onMigrationEvent(event, aws.deps())).rejects.toThrow(
      "Invalid DatabaseMigration event:\n  - ResourceProperties may hold only ServiceToken, ServiceTimeout, ImageTag, SkipRun; the other settings come from the function's configuration (got MigrateCommand, TaskDefinitionArn, Subnets, SecurityGroups)",
    );
    expect(ecs.calls()).toHaveLength(0);
    expect(docdb.calls()).toHaveLength(0);
  });

  test('RunTask uses the task definition, subnets, security groups and command of the configuration', async () => {
    const event = await start();
    aws.setSnapshot(SNAPSHOT_ID, 'available');
    await isMigrationComplete(event, aws.deps());

    const input = ecs.commandCalls(RunTaskCommand)[0].args[0].input;
    expect(input.taskDefinition).toBe(TASK_DEFINITION);
    expect(input.networkConfiguration?.awsvpcConfiguration).toEqual({
      subnets: ['subnet-0aaa1111', 'subnet-0bbb2222'],
      securityGroups: ['sg-0ccc3333'],
      assignPublicIp: 'DISABLED',
    });
    expect(input.overrides?.containerOverrides).toEqual([{ name: 'backend', command: ['python', '-m', 'app.migrations.run_migrations'] }]);
  });

  test('a tag other than the deployed one is refused: only the task definition made for the deployed tag runs', async () => {
    await expect(onMigrationEvent(cfnEvent('Create', { ImageTag: 'v9.9.9' }), aws.deps())).rejects.toThrow(
      'DatabaseMigration event asks for image tag "v9.9.9", but the deployed tag is "v1.4.0": only the deployed image\'s migration can run (deploy the tag first)',
    );
    const event = await start();
    await expect(isMigrationComplete({ ...event, ResourceProperties: { ...event.ResourceProperties, ImageTag: 'v9.9.9' } }, aws.deps())).rejects.toThrow(
      'asks for image tag "v9.9.9"',
    );
    expect(docdb.commandCalls(CreateDBClusterSnapshotCommand)).toHaveLength(1);
  });

  test.each([['.v1.4.0'], ['-v1'], ['v1.4.0;rm -rf /'], [' v1.4.0'], ['v1.4.0\n'], ['a'.repeat(129)], ['']])('image tag %j is refused by its pattern', async (tag) => {
    await expect(onMigrationEvent(cfnEvent('Create', { ImageTag: tag }), aws.deps())).rejects.toThrow(
      `  - ResourceProperties.ImageTag must be an image tag (A-Z, a-z, 0-9, "_", "." and "-", at most 128, not starting with "." or "-") (got ${JSON.stringify(tag)})`,
    );
  });
});

describe('a stack rollback', () => {
  test("an Update carrying the previous template's full properties runs nothing and does not fail", async () => {
    aws.stackStatus = 'UPDATE_ROLLBACK_IN_PROGRESS';
    const event = cfnEvent('Update', { ...PROPERTIES, ImageTag: 'v1.3.9' });

    const out = await onMigrationEvent(event, aws.deps());

    expect(out).toEqual({ PhysicalResourceId: 'staging-database-migration', Data: { RunId: '', SnapshotId: '', StartedAt: '', Status: 'skipped' } });
    expect(await isMigrationComplete({ ...event, Data: out.Data }, aws.deps())).toEqual({
      IsComplete: true,
      Data: { Status: 'skipped', DurationSeconds: '0', MigrateTaskArn: '', VerifyTaskArn: '', PrunedSnapshots: '' },
    });
    expect(ecs.calls()).toHaveLength(0);
    expect(docdb.calls()).toHaveLength(0);
  });

  test('outside a rollback the same event is refused', async () => {
    await expect(onMigrationEvent(cfnEvent('Update', { ...PROPERTIES, ImageTag: 'v1.3.9' }), aws.deps())).rejects.toThrow('ResourceProperties may hold only');
  });
});

describe('empty and malformed events fail with a clear error, never a TypeError', () => {
  test.each([
    ['null', null, 'DatabaseMigration event must be a JSON object (got null)'],
    ['an empty object', {}, 'DatabaseMigration event: RequestType must be one of Create, Update, Delete (got nothing)'],
    ['an unknown request type', { RequestType: 'Run' }, 'DatabaseMigration event: RequestType must be one of Create, Update, Delete (got "Run")'],
    ['no properties', { RequestType: 'Create' }, 'DatabaseMigration event: ResourceProperties must be an object holding ImageTag (got nothing)'],
    ['properties without a tag', { RequestType: 'Create', ResourceProperties: {} }, '  - ResourceProperties.ImageTag must be an image tag'],
  ])('onEvent with %s', async (_name, event, message) => {
    const run = onMigrationEvent(event as never, aws.deps());
    await expect(run).rejects.toThrow(message);
    await expect(run).rejects.not.toBeInstanceOf(TypeError);
    expect(ecs.calls()).toHaveLength(0);
  });

  test.each([
    ['null', null, 'DatabaseMigration event must be a JSON object (got null)'],
    ['an empty object', {}, 'RequestType must be one of Create, Update, Delete (got nothing)'],
    ['Data not an object', { RequestType: 'Create', ResourceProperties: { ImageTag: 'v1.4.0' }, Data: 'x' }, 'isComplete event: Data must be an object (got "x")'],
  ])('isComplete with %s', async (_name, event, message) => {
    await expect(isMigrationComplete(event as never, aws.deps())).rejects.toThrow(message);
  });

  test('a poll naming another snapshot or a back-dated start is refused', async () => {
    const event = await start();
    const other = { ...event, Data: { ...event.Data, SnapshotId: 'staging-premigration-v1-3-9-20250101000000' } };
    await expect(isMigrationComplete(other, aws.deps())).rejects.toThrow(
      `isComplete event does not match its run:\n  - SnapshotId must be ${SNAPSHOT_ID}, the snapshot of run ${RUN_ID} (got "staging-premigration-v1-3-9-20250101000000")`,
    );
    const backDated = { ...event, Data: { ...event.Data, StartedAt: '2025-02-01T12:00:00.000Z' } };
    await expect(isMigrationComplete(backDated, aws.deps())).rejects.toThrow(
      `  - StartedAt must be the time of run ${RUN_ID}, 2025-03-01T12:00:00.000Z (got "2025-02-01T12:00:00.000Z")`,
    );
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(0);
  });
});

describe('the function environment', () => {
  const env = { MIGRATION_SETTINGS: JSON.stringify(PROPERTIES), STACK_ID };

  test('settings and stack id come from MIGRATION_SETTINGS and STACK_ID', () => {
    const loaded = loadMigrationEnvironment(env);
    expect(loaded.stackId).toBe(STACK_ID);
    expect(loaded.settings.taskDefinitionArn).toBe(TASK_DEFINITION);
  });

  test.each([
    [{ STACK_ID }, 'MIGRATION_SETTINGS must be a JSON object of the migration settings (got nothing)'],
    [{ ...env, MIGRATION_SETTINGS: '{not json' }, 'MIGRATION_SETTINGS must be a JSON object of the migration settings (got "{not json")'],
    [{ ...env, MIGRATION_SETTINGS: '[]' }, 'MIGRATION_SETTINGS must be a JSON object'],
    [{ ...env, STACK_ID: undefined }, 'STACK_ID must be the ARN of the migration stack (got "")'],
    [{ ...env, STACK_ID: 'flashcard-lms-staging-migration' }, 'STACK_ID must be the ARN of the migration stack (got "flashcard-lms-staging-migration")'],
  ])('%j is refused', (bad, message) => {
    expect(() => loadMigrationEnvironment(bad)).toThrow(message);
  });
});

describe('settings patterns are anchored at both ends', () => {
  test.each([
    ['Subnets', 'xsubnet-0aaa1111', 'Subnets must be a comma-separated list of subnet ids'],
    ['Subnets', 'subnet-0aaa1111zz', 'Subnets must be a comma-separated list of subnet ids'],
    ['SecurityGroups', 'xsg-0ccc3333', 'SecurityGroups must be a comma-separated list of security group ids'],
    ['SecurityGroups', 'sg-0ccc3333zz', 'SecurityGroups must be a comma-separated list of security group ids'],
    ['ClusterId', '1staging-flashcard-lms', 'ClusterId must be a DocumentDB cluster identifier'],
    ['ClusterId', 'staging-flashcard-lms_x', 'ClusterId must be a DocumentDB cluster identifier'],
    ['EcsCluster', 'a/b', 'EcsCluster must be an ECS cluster name'],
    ['EcsCluster', 'flashcard lms', 'EcsCluster must be an ECS cluster name'],
    ['ImageTag', '.v1.4.0', 'ImageTag must be a container image tag'],
    ['ImageTag', 'v1.4.0;rm', 'ImageTag must be a container image tag'],
    ['TaskDefinitionArn', `x${TASK_DEFINITION}`, 'TaskDefinitionArn must be a task definition ARN with revision'],
    ['TaskDefinitionArn', `${TASK_DEFINITION}0x`, 'TaskDefinitionArn must be a task definition ARN with revision'],
  ])('%s %j is refused', (name, value, message) => {
    expect(() => parseMigrationSettings({ ...PROPERTIES, [name]: value })).toThrow(message);
  });
});

describe('the run timeout', () => {
  async function runningAfter(seconds: number): Promise<IsCompleteEvent> {
    const event = await start();
    aws.setSnapshot(SNAPSHOT_ID, 'available');
    await isMigrationComplete(event, aws.deps());
    aws.running(`migrate-${RUN_ID}`);
    aws.tick(seconds);
    return event;
  }

  test('a run at exactly TimeoutMinutes is still polled', async () => {
    const event = await runningAfter(110 * 60);
    expect(await isMigrationComplete(event, aws.deps())).toEqual({ IsComplete: false });
  });

  test('one second past TimeoutMinutes fails', async () => {
    const event = await runningAfter(110 * 60 + 1);
    await expect(isMigrationComplete(event, aws.deps())).rejects.toThrow('not finished after 110 minutes (migrate is RUNNING)');
  });
});

describe('what a finished poll reports', () => {
  test('the pruned snapshots and both task ARNs reach the Provider, and the snapshot just taken is kept', async () => {
    const old = (id: string, days: number) =>
      aws.snapshots.set(id, {
        DBClusterSnapshotIdentifier: id,
        DBClusterIdentifier: 'staging-flashcard-lms',
        SnapshotType: 'manual',
        Status: 'available',
        SnapshotCreateTime: new Date(aws.clock.getTime() - days * 86_400_000),
      });
    ['v1-0-0', 'v1-1-0', 'v1-2-0', 'v1-3-0'].forEach((tag, i) => old(`staging-premigration-${tag}-2024010${i + 1}000000`, 100 - i));
    const event = await start();
    aws.setSnapshot(SNAPSHOT_ID, 'available');
    await isMigrationComplete(event, aws.deps());
    aws.stop(`migrate-${RUN_ID}`, 0);
    await isMigrationComplete(event, aws.deps());
    aws.stop(`verify-${RUN_ID}`, 0);

    const done = await isMigrationComplete(event, aws.deps());

    // Newest 3 kept: this run's snapshot and the two newest old ones.
    expect(done.Data).toEqual({
      Status: 'succeeded',
      DurationSeconds: '0',
      MigrateTaskArn: 'arn:aws:ecs:eu-west-1:111111111111:task/flashcard-lms-staging/task1',
      VerifyTaskArn: 'arn:aws:ecs:eu-west-1:111111111111:task/flashcard-lms-staging/task2',
      PrunedSnapshots: 'staging-premigration-v1-1-0-20240102000000,staging-premigration-v1-0-0-20240101000000',
    });
    expect(aws.snapshots.has(SNAPSHOT_ID)).toBe(true);
  });
});

describe('events at the edges', () => {
  const messages = () => logs.map((l) => JSON.parse(l) as Record<string, unknown>);
  let logs: string[];
  beforeEach(() => {
    logs = captureLogs();
  });

  test.each([
    ['its own id', 'other-id', 'other-id'],
    ['an empty id', '', 'staging-database-migration'],
    ['no id', undefined, 'staging-database-migration'],
    ['an id that is not a string', 7, 'staging-database-migration'],
  ])('Delete with %s answers with %j and logs it', async (_label, id, expected) => {
    expect(await onMigrationEvent({ ...(cfnEvent('Delete') as CloudFormationCustomResourceDeleteEvent), PhysicalResourceId: id as string }, aws.deps())).toEqual({
      PhysicalResourceId: expected,
    });
    expect(messages()).toEqual([{ level: 'info', message: 'delete: nothing to do (snapshots and data stay)', physicalResourceId: id }]);
  });

  test('a Create never asks whether the stack is rolling back', async () => {
    aws.stackStatus = 'UPDATE_ROLLBACK_IN_PROGRESS';
    expect((await onMigrationEvent(cfnEvent('Create'), aws.deps())).Data?.Status).toBe('started');
    expect(cloudformation.calls()).toHaveLength(0);
  });

  test('an unreadable stack status is no rollback: the Update runs, and the warning is logged', async () => {
    cloudformation.on(DescribeStacksCommand).rejects(new Error('Rate exceeded'));
    const out = await onMigrationEvent(cfnEvent('Update', REQUEST, { ImageTag: 'v1.3.9' }), aws.deps());
    expect(out.Data?.Status).toBe('started');
    expect(messages()[0]).toEqual({ level: 'warn', message: 'could not read the stack status; assuming no rollback', stackId: STACK_ID, error: 'Rate exceeded' });
  });

  test.each(['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'])('stack status %s is no rollback', async (status) => {
    aws.stackStatus = status;
    expect((await onMigrationEvent(cfnEvent('Update', REQUEST, { ImageTag: 'v1.3.9' }), aws.deps())).Data?.Status).toBe('started');
  });

  test.each([
    ['an empty stack list', { Stacks: [] }],
    ['no stack list', {}],
  ])('%s is no rollback, and no error', async (_label, answer) => {
    cloudformation.on(DescribeStacksCommand).resolves(answer);
    expect((await onMigrationEvent(cfnEvent('Update', REQUEST, { ImageTag: 'v1.3.9' }), aws.deps())).Data?.Status).toBe('started');
    expect(messages().filter((m) => m.level === 'warn')).toEqual([]);
  });

  test.each([
    [
      'the stack rolling back',
      () => (aws.stackStatus = 'UPDATE_ROLLBACK_IN_PROGRESS'),
      cfnEvent('Update', { ImageTag: 'v1.3.9' }),
      { message: 'no migration run: stack is rolling back', env: 'staging' },
    ],
    ['an unchanged tag', () => undefined, cfnEvent('Update'), { message: 'no migration run: image tag unchanged', env: 'staging', imageTag: 'v1.4.0' }],
    [
      'SkipRun',
      () => undefined,
      cfnEvent('Create', { ...REQUEST, SkipRun: 'true' }),
      { message: 'no migration run: deployed with -c migrate=false (a rollback)', env: 'staging', imageTag: 'v1.4.0' },
    ],
  ])('a run skipped for %s says why', async (_label, arrange, event, entry) => {
    arrange();
    await onMigrationEvent(event, aws.deps());
    expect(messages()).toEqual([{ level: 'info', ...entry }]);
  });

  test('only an Update compares the old tag: a Create carrying old properties still runs', async () => {
    // Not an event CloudFormation sends; the handler must not let one suppress the run.
    const event = { ...cfnEvent('Create'), OldResourceProperties: REQUEST } as never;
    expect((await onMigrationEvent(event, aws.deps())).Data?.Status).toBe('started');
  });

  test('SkipRun other than "true" skips nothing', async () => {
    expect((await onMigrationEvent(cfnEvent('Create', { ...REQUEST, SkipRun: 'false' }), aws.deps())).Data?.Status).toBe('started');
  });

  test('an Update without the old properties runs', async () => {
    const { OldResourceProperties: _old, ...event } = cfnEvent('Update') as CloudFormationCustomResourceUpdateEvent;
    expect((await onMigrationEvent(event as never, aws.deps())).Data?.Status).toBe('started');
  });

  test.each([
    ['no Data', undefined],
    ['Data without a run', {}],
  ])('isComplete with %s completes as skipped', async (_label, data) => {
    expect(await isMigrationComplete({ ...cfnEvent('Create'), Data: data }, aws.deps())).toEqual({
      IsComplete: true,
      Data: { Status: 'skipped', DurationSeconds: '0', MigrateTaskArn: '', VerifyTaskArn: '', PrunedSnapshots: '' },
    });
    expect(ecs.calls()).toHaveLength(0);
  });

  test('an AWS error while starting fails step start; while polling, step poll', async () => {
    ecs.on(ListTasksCommand).rejects(new Error('ecs:ListTasks denied'));
    await expect(onMigrationEvent(cfnEvent('Create'), aws.deps())).rejects.toThrow('Migration failed at step start: ecs:ListTasks denied (no snapshot taken)');

    aws = freshAws();
    const event = await start();
    ecs.on(DescribeTasksCommand).rejects(new Error('ecs:DescribeTasks denied'));
    aws.setSnapshot(SNAPSHOT_ID, 'available');
    await isMigrationComplete(event, aws.deps());
    await expect(isMigrationComplete(event, aws.deps())).rejects.toThrow(`Migration failed at step poll: ecs:DescribeTasks denied (snapshot ${SNAPSHOT_ID} kept)`);
  });
});

describe('malformed events, field by field', () => {
  test.each([
    ['a RequestType that is not a string', { RequestType: 42 }, 'DatabaseMigration event: RequestType must be one of Create, Update, Delete (got 42)'],
    ['an array', [], 'DatabaseMigration event must be a JSON object (got [])'],
    ['properties that are an array', { RequestType: 'Create', ResourceProperties: [] }, 'DatabaseMigration event: ResourceProperties must be an object holding ImageTag (got [])'],
    ['properties that are null', { RequestType: 'Create', ResourceProperties: null }, 'DatabaseMigration event: ResourceProperties must be an object holding ImageTag (got null)'],
    [
      'a tag that is a number',
      { RequestType: 'Create', ResourceProperties: { ImageTag: 5 } },
      'Invalid DatabaseMigration event:\n  - ResourceProperties.ImageTag must be an image tag (A-Z, a-z, 0-9, "_", "." and "-", at most 128, not starting with "." or "-") (got 5)',
    ],
    [
      'an extra property and a bad tag',
      { RequestType: 'Create', ResourceProperties: { ImageTag: '-x', Cluster: 'c' } },
      [
        'Invalid DatabaseMigration event:',
        "  - ResourceProperties may hold only ServiceToken, ServiceTimeout, ImageTag, SkipRun; the other settings come from the function's configuration (got Cluster)",
        '  - ResourceProperties.ImageTag must be an image tag (A-Z, a-z, 0-9, "_", "." and "-", at most 128, not starting with "." or "-") (got "-x")',
      ].join('\n'),
    ],
  ])('onEvent with %s', async (_label, event, message) => {
    const error = (await onMigrationEvent(event as never, aws.deps()).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(message);
  });

  const NO_RUN = 'isComplete received no valid run from onEvent: Data must hold RunId (yyyymmddhhmmss-xxxxxx), SnapshotId and StartedAt (got ';
  const data = { RunId: RUN_ID, SnapshotId: SNAPSHOT_ID, StartedAt: '2025-03-01T12:00:00.000Z' };
  test.each([
    ['a prefixed run id', { ...data, RunId: `x${RUN_ID}` }],
    ['a suffixed run id', { ...data, RunId: `${RUN_ID}0` }],
    ['an upper-case run id', { ...data, RunId: RUN_ID.toUpperCase() }],
    ['a run id that is a number', { ...data, RunId: 20250301120000 }],
    ['a run id in a list', { ...data, RunId: [RUN_ID] }],
    ['no snapshot id', { ...data, SnapshotId: undefined }],
    ['a start time that is a number', { ...data, StartedAt: 1740830400000 }],
    ['a start time in a list', { ...data, StartedAt: ['2025-03-01T12:00:00.000Z'] }],
    ['no start time', { ...data, StartedAt: undefined }],
  ])('isComplete with %s is refused', async (_label, bad) => {
    await expect(isMigrationComplete({ ...cfnEvent('Create'), Data: bad }, aws.deps())).rejects.toThrow(`${NO_RUN}${JSON.stringify(bad)})`);
  });

  test('both mismatches of a run are named at once', async () => {
    const bad = { ...data, SnapshotId: 'staging-premigration-x-20250301120000', StartedAt: '2025-03-01T12:00:01.000Z' };
    await expect(isMigrationComplete({ ...cfnEvent('Create'), Data: bad }, aws.deps())).rejects.toThrow(
      [
        'isComplete event does not match its run:',
        `  - SnapshotId must be ${SNAPSHOT_ID}, the snapshot of run ${RUN_ID} (got "staging-premigration-x-20250301120000")`,
        `  - StartedAt must be the time of run ${RUN_ID}, 2025-03-01T12:00:00.000Z (got "2025-03-01T12:00:01.000Z")`,
      ].join('\n'),
    );
  });
});

describe('a run read back from its run id', () => {
  // Every field of the time differs, so each is read from its own place in the run id.
  const AT = new Date(Date.UTC(2024, 11, 31, 23, 58, 7, 345));

  async function startAt(at: Date): Promise<IsCompleteEvent> {
    aws.clock = at;
    return start();
  }

  test('a run started at a time with milliseconds is polled', async () => {
    const event = await startAt(AT);
    expect(event.Data).toEqual({
      RunId: '20241231235807-a1b2c3',
      SnapshotId: 'staging-premigration-v1-4-0-20241231235807',
      StartedAt: '2024-12-31T23:58:07.345Z',
      Status: 'started',
    });
    expect(await isMigrationComplete(event, aws.deps())).toEqual({ IsComplete: false });
    const sameSecond = { ...event, Data: { ...event.Data, StartedAt: '2024-12-31T23:58:07.999Z' } };
    expect(await isMigrationComplete(sameSecond, aws.deps())).toEqual({ IsComplete: false });
  });

  test.each(['2024-12-31T23:58:08.000Z', '2024-12-31T23:58:06.999Z'])('a start time outside the second of the run id (%s) is refused', async (startedAt) => {
    const event = await startAt(AT);
    await expect(isMigrationComplete({ ...event, Data: { ...event.Data, StartedAt: startedAt } }, aws.deps())).rejects.toThrow(
      `  - StartedAt must be the time of run 20241231235807-a1b2c3, 2024-12-31T23:58:07.000Z (got "${startedAt}")`,
    );
  });
});
