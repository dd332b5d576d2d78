import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { MigrationSettings, parseMigrationSettings } from '../../lambda/migration/settings';
import { MIGRATION_SETTINGS_OUTPUT } from '../../lib/stacks/migration-stack';
import { migrationStackName } from '../../lib/contracts';

export { migrationStackName };

/** Output whose value is the JSON of the migration custom resource's properties. */
const SETTINGS_OUTPUT = MIGRATION_SETTINGS_OUTPUT;

/**
 * The deployed migration settings, from the stack output `MigrationSettings` (the same keys
 * and values as the custom resource's properties), validated like the Lambda validates them.
 */
export async function loadMigrationSettings(cloudformation: CloudFormationClient, env: string): Promise<MigrationSettings> {
  return parseMigrationSettings((await loadMigrationStack(cloudformation, env)).properties);
}

/** The deployed stack's id and the raw custom-resource properties of its `MigrationSettings` output. */
export async function loadMigrationStack(cloudformation: CloudFormationClient, env: string): Promise<{ stackId: string; properties: Record<string, unknown> }> {
  const stackName = migrationStackName(env);
  let stack;
  try {
    stack = (await cloudformation.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot read stack ${stackName}: ${message}. Is environment "${env}" deployed, and are your AWS credentials for its account?`, { cause: error });
  }
  const output = stack?.Outputs?.find((o) => o.OutputKey === SETTINGS_OUTPUT);
  if (output?.OutputValue === undefined) {
    throw new Error(`Stack ${stackName} has no output ${SETTINGS_OUTPUT}; deploy the environment with a version that defines it`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(output.OutputValue);
  } catch {
    raw = undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(`Output ${SETTINGS_OUTPUT} of stack ${stackName} is not a JSON object of the migration properties`);
  }
  return { stackId: stack?.StackId ?? stackName, properties: raw as Record<string, unknown> };
}
