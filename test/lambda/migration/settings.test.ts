import { parseCommand } from '../../../lambda/migration/command';
import { loadMigrationEnvironment, parseMigrationSettings } from '../../../lambda/migration/settings';
import { PROPERTIES, STACK_ID, TASK_DEFINITION } from './fixtures';

/** The one problem line the settings give for `name` set to `value`. */
function problemOf(name: string, value: string): string {
  try {
    parseMigrationSettings({ ...PROPERTIES, [name]: value });
  } catch (error) {
    const lines = (error as Error).message.split('\n');
    expect(lines[0]).toBe('Invalid DatabaseMigration properties:');
    expect(lines).toHaveLength(2);
    return lines[1];
  }
  throw new Error(`${name} ${JSON.stringify(value)} was accepted`);
}

/** For values too long to be quoted whole in the message. */
const refusedWith = (name: string, value: string, rule: string) => expect(problemOf(name, value).startsWith(`  - ${name} must be ${rule} (got "`)).toBe(true);

const accepted = (overrides: Record<string, string>) => parseMigrationSettings({ ...PROPERTIES, ...overrides });

describe('settings: what each pattern accepts, at its limits', () => {
  test('subnets and security groups: 8 and 17 hex digits after the prefix (EC2 "Resource IDs")', () => {
    const s = accepted({ Subnets: 'subnet-0123abcd, subnet-0123456789abcdef0', SecurityGroups: 'sg-abcdef01,sg-0123456789abcdef0' });
    expect(s.subnets).toEqual(['subnet-0123abcd', 'subnet-0123456789abcdef0']);
    expect(s.securityGroups).toEqual(['sg-abcdef01', 'sg-0123456789abcdef0']);
    expect(accepted({ Subnets: 'subnet-01234567', SecurityGroups: 'sg-01234567' }).subnets).toEqual(['subnet-01234567']);
  });

  test.each([
    ['Subnets', 'subnet-0123abc', 'Subnets must be a comma-separated list of subnet ids (subnet-0123abcd...) (bad: subnet-0123abc) (got "subnet-0123abc")'],
    [
      'Subnets',
      'subnet-0123456789abcdef01',
      'Subnets must be a comma-separated list of subnet ids (subnet-0123abcd...) (bad: subnet-0123456789abcdef01) (got "subnet-0123456789abcdef01")',
    ],
    // Lengths between the 8- and 17-character id formats EC2 issues.
    ['Subnets', 'subnet-0123456789', 'Subnets must be a comma-separated list of subnet ids (subnet-0123abcd...) (bad: subnet-0123456789) (got "subnet-0123456789")'],
    [
      'Subnets',
      'subnet-0123456789abcdef',
      'Subnets must be a comma-separated list of subnet ids (subnet-0123abcd...) (bad: subnet-0123456789abcdef) (got "subnet-0123456789abcdef")',
    ],
    ['SecurityGroups', 'sg-0123456789', 'SecurityGroups must be a comma-separated list of security group ids (sg-0123abcd...) (bad: sg-0123456789) (got "sg-0123456789")'],
    ['Subnets', 'subnet-0123ABCD', 'Subnets must be a comma-separated list of subnet ids (subnet-0123abcd...) (bad: subnet-0123ABCD) (got "subnet-0123ABCD")'],
    ['Subnets', 'sg-0123abcd', 'Subnets must be a comma-separated list of subnet ids (subnet-0123abcd...) (bad: sg-0123abcd) (got "sg-0123abcd")'],
    ['SecurityGroups', 'sg-0123abc', 'SecurityGroups must be a comma-separated list of security group ids (sg-0123abcd...) (bad: sg-0123abc) (got "sg-0123abc")'],
    [
      'SecurityGroups',
      'sg-0123456789abcdef01',
      'SecurityGroups must be a comma-separated list of security group ids (sg-0123abcd...) (bad: sg-0123456789abcdef01) (got "sg-0123456789abcdef01")',
    ],
    ['SecurityGroups', 'subnet-0123abcd', 'SecurityGroups must be a comma-separated list of security group ids (sg-0123abcd...) (bad: subnet-0123abcd) (got "subnet-0123abcd")'],
  ])('%s %j is refused', (name, value, message) => {
    expect(problemOf(name, value)).toBe(`  - ${message}`);
  });

  test('task definition: any partition, multi-digit revision; family and region come from the ARN', () => {
    const family = `A_b-${'9'.repeat(251)}`;
    const s = accepted({ TaskDefinitionArn: `arn:aws-us-gov:ecs:us-gov-west-1:123456789012:task-definition/${family}:117` });
    expect(s.taskFamily).toBe(family);
    expect(s.region).toBe('us-gov-west-1');
    expect(accepted({ TaskDefinitionArn: 'arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/m:1' })).toMatchObject({ taskFamily: 'm', region: 'cn-north-1' });
  });

  const TD_RULE = 'TaskDefinitionArn must be a task definition ARN with revision (arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>)';
  test.each([
    ['an 11-digit account', 'arn:aws:ecs:eu-west-1:11111111111:task-definition/flashcard-lms-staging-migration:7'],
    ['a 13-digit account', 'arn:aws:ecs:eu-west-1:1111111111111:task-definition/flashcard-lms-staging-migration:7'],
    ['a family with a dot', 'arn:aws:ecs:eu-west-1:111111111111:task-definition/flashcard.migration:7'],
    ['no revision', 'arn:aws:ecs:eu-west-1:111111111111:task-definition/flashcard-lms-staging-migration'],
    ['a revision that is not a number', 'arn:aws:ecs:eu-west-1:111111111111:task-definition/flashcard-lms-staging-migration:latest'],
    ['another service', 'arn:aws:ecr:eu-west-1:111111111111:task-definition/flashcard-lms-staging-migration:7'],
    ['an upper-case region', 'arn:aws:ecs:EU-WEST-1:111111111111:task-definition/flashcard-lms-staging-migration:7'],
    ['a partition with a digit', 'arn:aws2:ecs:eu-west-1:111111111111:task-definition/flashcard-lms-staging-migration:7'],
  ])('task definition with %s is refused, and no TypeError on the way', (_label, arn) => {
    expect(problemOf('TaskDefinitionArn', arn)).toBe(`  - ${TD_RULE} (got ${JSON.stringify(arn)})`);
  });

  test('a 256-character family is refused (ECS allows 255)', () => {
    refusedWith('TaskDefinitionArn', `arn:aws:ecs:eu-west-1:111111111111:task-definition/${'f'.repeat(256)}:7`, TD_RULE.slice('TaskDefinitionArn must be '.length));
  });

  test('ECS cluster and container names: 1 to 255 of letters, digits, "_" and "-" (ECS CreateCluster, RegisterTaskDefinition)', () => {
    const long = `Z_z-0${'n'.repeat(250)}`;
    expect(accepted({ EcsCluster: long, ContainerName: 'b' })).toMatchObject({ ecsCluster: long, containerName: 'b' });
    refusedWith('ContainerName', `${long}x`, 'a container name (A-Z, a-z, 0-9, "_" and "-")');
    expect(problemOf('EcsCluster', 'flashcard.lms')).toBe('  - EcsCluster must be an ECS cluster name (A-Z, a-z, 0-9, "_" and "-") (got "flashcard.lms")');
  });

  test('log group: 1 to 512 of a-z, A-Z, 0-9, "_", "-", "/", "." and "#" (CloudWatch Logs CreateLogGroup)', () => {
    const group = `/Aws/ecs_9.x#y-${'g'.repeat(497)}`;
    expect(group).toHaveLength(512);
    expect(accepted({ LogGroupName: group }).logGroupName).toBe(group);
    expect(accepted({ LogGroupName: 'g' }).logGroupName).toBe('g');
    refusedWith('LogGroupName', `${group}g`, 'a CloudWatch Logs group name');
    expect(problemOf('LogGroupName', '/flashcard lms')).toBe('  - LogGroupName must be a CloudWatch Logs group name (got "/flashcard lms")');
  });

  test('log stream prefix: 1 to 128 characters without "/" (streams are <prefix>/<container>/<task id>)', () => {
    const prefix = `Mig_9.x#-${'p'.repeat(119)}`;
    expect(accepted({ LogStreamPrefix: prefix }).logStreamPrefix).toBe(prefix);
    expect(accepted({ LogStreamPrefix: 'm' }).logStreamPrefix).toBe('m');
    refusedWith('LogStreamPrefix', `${prefix}p`, 'an awslogs stream prefix (no "/")');
    expect(problemOf('LogStreamPrefix', 'migration/backend')).toBe('  - LogStreamPrefix must be an awslogs stream prefix (no "/") (got "migration/backend")');
  });

  test('metric namespace: 1 to 255 of letters, digits and . - _ / # : ; absent means the default', () => {
    const ns = `Flashcard_LMS/Mig-9.x#a:${'n'.repeat(231)}`;
    expect(ns).toHaveLength(255);
    expect(accepted({ MetricNamespace: ns }).metricNamespace).toBe(ns);
    expect(accepted({ MetricNamespace: 'N' }).metricNamespace).toBe('N');
    expect(accepted({ MetricNamespace: '' }).metricNamespace).toBe('FlashcardLMS/Migrations');
    refusedWith('MetricNamespace', `${ns}n`, 'a CloudWatch namespace');
    expect(problemOf('MetricNamespace', 'Flashcard LMS')).toBe('  - MetricNamespace must be a CloudWatch namespace (got "Flashcard LMS")');
  });

  test('the other settings name their rule', () => {
    expect(problemOf('EnvName', 'Staging')).toBe('  - EnvName must be 2-20 characters of a-z, 0-9 and "-", starting with a letter (got "Staging")');
    expect(problemOf('ClusterId', 'staging--lms')).toBe(
      '  - ClusterId must be a DocumentDB cluster identifier (a letter, then letters, digits and single hyphens, at most 63, not ending with "-") (got "staging--lms")',
    );
    expect(problemOf('ImageTag', '-v1')).toBe('  - ImageTag must be a container image tag (A-Z, a-z, 0-9, "_", "." and "-", at most 128) (got "-v1")');
    expect(problemOf('NotifyTopicArn', 'arn:aws:sqs:eu-west-1:111111111111:q')).toBe(
      '  - NotifyTopicArn must be an ARN of sns (arn:aws:sns:<region>:<account>:...) (got "arn:aws:sqs:eu-west-1:111111111111:q")',
    );
    expect(problemOf('VerifyCommand', '[]')).toBe('  - VerifyCommand must be a non-empty JSON array of non-empty strings (got "[]")');
  });

  test('the integer settings are read as numbers, the timeout defaulting to 110 minutes', () => {
    const s = accepted({ SnapshotRetentionDays: '3650', SnapshotsToKeep: '100', TimeoutMinutes: '5' });
    expect(s).toMatchObject({ snapshotRetentionDays: 3650, snapshotsToKeep: 100, timeoutMinutes: 5 });
    expect(accepted({}).timeoutMinutes).toBe(110);
  });

  test('no settings at all: every required setting is named', () => {
    expect(() => parseMigrationSettings(undefined)).toThrow(
      [
        'Invalid DatabaseMigration properties:',
        '  - TaskDefinitionArn is required (a non-empty string) (got nothing)',
        '  - EnvName is required (a non-empty string) (got nothing)',
        '  - ClusterId is required (a non-empty string) (got nothing)',
        '  - ImageTag is required (a non-empty string) (got nothing)',
        '  - EcsCluster is required (a non-empty string) (got nothing)',
        '  - ContainerName is required (a non-empty string) (got nothing)',
        '  - Subnets is required (a non-empty string) (got nothing)',
        '  - SecurityGroups is required (a non-empty string) (got nothing)',
        '  - LogGroupName is required (a non-empty string) (got nothing)',
        '  - LogStreamPrefix is required (a non-empty string) (got nothing)',
        '  - SnapshotRetentionDays must be an integer between 1 and 3650 (got nothing)',
        '  - SnapshotsToKeep must be an integer between 1 and 100 (got nothing)',
        '  - NotifyTopicArn is required (a non-empty string) (got nothing)',
      ].join('\n'),
    );
  });
});

describe('commands', () => {
  test.each([
    ['python -m app.migrations.run_migrations', ['python', '-m', 'app.migrations.run_migrations']],
    ['  python\t-m   app.migrate \n', ['python', '-m', 'app.migrate']],
    [' ["sh", "-c", "a && b"] ', ['sh', '-c', 'a && b']],
    ['["python"]', ['python']],
  ])('%j runs as %j', (text, argv) => {
    expect(parseCommand(text)).toEqual({ argv });
  });

  const NOT_ARRAY = 'must be a non-empty JSON array of non-empty strings';
  test.each([
    ['[sh -c x', 'starts with "[" but is not a JSON array of strings'],
    ['[]', NOT_ARRAY],
    ['[""]', NOT_ARRAY],
    ['["sh", 1]', NOT_ARRAY],
    ['["sh", ""]', NOT_ARRAY],
    ['[{"0":"sh"}]', NOT_ARRAY],
    ['', 'is empty'],
    [' \n\t', 'is empty'],
  ])('%j is refused: %s', (text, problem) => {
    expect(parseCommand(text)).toEqual({ problem });
  });

  test.each(['"', "'", '`', '$', '|', '&', ';', '<', '>', '(', ')', '*', '?', '~', '\\', '\n', '{', '}'])('shell syntax %j is refused', (char) => {
    expect(parseCommand(`python -m app${char}x`)).toEqual({
      problem: 'contains shell syntax (quotes, $, |, &, ;, <, >, ...); give a JSON array instead, e.g. ["sh","-c","<command>"]',
    });
  });
});

describe('the function environment', () => {
  const env = { MIGRATION_SETTINGS: JSON.stringify(PROPERTIES), STACK_ID };

  test.each([
    ['a string', '"x"'],
    ['a number', '42'],
    ['null', 'null'],
  ])('MIGRATION_SETTINGS holding %s is refused', (_label, text) => {
    expect(() => loadMigrationEnvironment({ ...env, MIGRATION_SETTINGS: text })).toThrow(
      `MIGRATION_SETTINGS must be a JSON object of the migration settings (got ${JSON.stringify(text)})`,
    );
  });

  test('a long unreadable value is quoted to its first 80 characters', () => {
    const text = `{${'x'.repeat(200)}`;
    expect(() => loadMigrationEnvironment({ ...env, MIGRATION_SETTINGS: text })).toThrow(
      `MIGRATION_SETTINGS must be a JSON object of the migration settings (got ${JSON.stringify(text.slice(0, 80))})`,
    );
  });

  test('settings that are an object but invalid name the setting', () => {
    expect(() => loadMigrationEnvironment({ ...env, MIGRATION_SETTINGS: JSON.stringify({ ...PROPERTIES, Subnets: 'vpc-1' }) })).toThrow('Subnets must be a comma-separated list');
  });

  test('a stack id of any partition, with upper case and digits in the stack name', () => {
    const stackId = 'arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/Flashcard-LMS-2/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
    expect(loadMigrationEnvironment({ ...env, STACK_ID: stackId })).toEqual({ settings: parseMigrationSettings(PROPERTIES), stackId });
    expect(loadMigrationEnvironment(env).settings.taskDefinitionArn).toBe(TASK_DEFINITION);
  });

  test.each([
    ['a prefix', `x${STACK_ID}`],
    ['a trailing path', `${STACK_ID}/x`],
    ['an 11-digit account', 'arn:aws:cloudformation:eu-west-1:11111111111:stack/flashcard-lms-staging-migration/1'],
    ['a 13-digit account', 'arn:aws:cloudformation:eu-west-1:1111111111111:stack/flashcard-lms-staging-migration/1'],
    ['a stack name starting with a digit', 'arn:aws:cloudformation:eu-west-1:111111111111:stack/9lms/1'],
    ['a stack name with "_"', 'arn:aws:cloudformation:eu-west-1:111111111111:stack/flashcard_lms/1'],
    ['no stack id part', 'arn:aws:cloudformation:eu-west-1:111111111111:stack/flashcard-lms/'],
    ['no region', 'arn:aws:cloudformation::111111111111:stack/flashcard-lms/1'],
    ['another service', 'arn:aws:ecs:eu-west-1:111111111111:stack/flashcard-lms/1'],
    ['a partition with a digit', 'arn:aws2:cloudformation:eu-west-1:111111111111:stack/flashcard-lms/1'],
  ])('a STACK_ID with %s is refused', (_label, stackId) => {
    expect(() => loadMigrationEnvironment({ ...env, STACK_ID: stackId })).toThrow(`STACK_ID must be the ARN of the migration stack (got ${JSON.stringify(stackId)})`);
  });
});
