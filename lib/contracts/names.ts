/** Resource names that several stacks, functions and scripts must rebuild identically. */
export const PROJECT = 'flashcard-lms';

/** `<env>-flashcard-lms[-<suffix>]`: the name of most of an environment's resources. */
export function resourceName(envName: string, suffix?: string): string {
  return suffix === undefined ? `${envName}-${PROJECT}` : `${envName}-${PROJECT}-${suffix}`;
}

/** `flashcard-lms-<env>-<part>`: the CloudFormation stack of one part of an environment. */
export function stackName(envName: string, part: string): string {
  return `${PROJECT}-${envName}-${part}`;
}

/** `flashcard-lms/<env>/<leaf>`: a Secrets Manager secret of the environment. */
export function secretName(envName: string, leaf: string): string {
  return `${PROJECT}/${envName}/${leaf}`;
}

/** `/flashcard-lms/<env>/<leaf>`: a log group of the environment. */
export function logGroupName(envName: string, leaf: string): string {
  return `/${PROJECT}/${envName}/${leaf}`;
}

/** `alias/flashcard-lms/<env>/<purpose>`: a KMS key alias of the environment. */
export function keyAlias(envName: string, purpose: string): string {
  return `alias/${PROJECT}/${envName}/${purpose}`;
}

/** Purpose of the key the alarm topics are encrypted with (its alias is `keyAlias(env, ALERTING_KEY)`). */
export const ALERTING_KEY = 'alerting';

/** The SNS topic of one alarm severity. */
export function alarmTopicName(envName: string, severity: string): string {
  return resourceName(envName, severity);
}

/** The ECS cluster of the services. */
export function ecsClusterName(envName: string): string {
  return resourceName(envName);
}

/** The ECS cluster the migration task runs in. */
export function migrationClusterName(envName: string): string {
  return resourceName(envName, 'migrations');
}

/** The stack whose output carries the migration settings (scripts/migrate reads it). */
export function migrationStackName(envName: string): string {
  return stackName(envName, 'migration');
}

/** Name of the DocumentDB cluster a restore creates. */
export function restoredClusterName(envName: string, generation: number): string {
  return resourceName(envName, `restored-${generation}`);
}
