import * as iam from 'aws-cdk-lib/aws-iam';
import { EnvironmentConfig } from '../../config';
import { partitionOf } from '../../config/bootstrap';
import { migrationClusterName, PROJECT, resourceName, stackName } from '../../contracts';
import { acknowledge } from '../../nag';

/** `flashcard-lms-<env>-drill-runner`: the role `npm run drill` runs as (drill.yml chains into it from the deploy role). */
export function drillRunnerRoleName(envName: string): string {
  return `${PROJECT}-${envName}-drill-runner`;
}

/**
 * What `npm run drill` needs: watch the environment's alarms and services, run its tagged FIS
 * experiments, fail over its database, restore into throwaway `<env>-flashcard-lms-drill-*`
 * clusters, rotate its secrets, run its migration verify task.
 */
export function grantDrillRunner(role: iam.Role, env: Pick<EnvironmentConfig, 'account' | 'region' | 'name'>): void {
  const { account, region, name } = env;
  const partition = partitionOf(region);
  const arn = (service: string, resource: string) => `arn:${partition}:${service}:${region}:${account}:${resource}`;
  const envTag = { StringEquals: { 'aws:ResourceTag/Environment': name } };
  const throwaway = resourceName(name, 'drill-*');
  const allow = (sid: string, actions: string[], resources: string[], conditions?: Record<string, Record<string, unknown>>) =>
    role.addToPolicy(new iam.PolicyStatement({ sid, actions, resources, conditions }));

  allow('DrillWatchAlarms', ['cloudwatch:DescribeAlarms'], [arn('cloudwatch', `alarm:${name}-*`)]);
  allow('DrillWatchServices', ['ecs:DescribeServices'], [arn('ecs', `service/${resourceName(name)}/*`)]);
  // ListExperimentTemplates has no resource-level permission (Service Authorization Reference, AWS FIS).
  allow('DrillFindExperiments', ['fis:ListExperimentTemplates'], ['*']);
  allow('DrillStartOwnTemplates', ['fis:StartExperiment'], [arn('fis', 'experiment-template/*')], envTag);
  allow('DrillStartTaggedExperiments', ['fis:StartExperiment', 'fis:TagResource'], [arn('fis', 'experiment/*')], { StringEquals: { 'aws:RequestTag/Environment': name } });
  allow('DrillFollowOwnExperiments', ['fis:GetExperiment', 'fis:StopExperiment'], [arn('fis', 'experiment/*')], envTag);
  allow('DrillFailOverDatabase', ['rds:DescribeDBClusters', 'rds:FailoverDBCluster'], [arn('rds', `cluster:${resourceName(name)}`)]);
  allow(
    'DrillThrowawayClusters',
    ['rds:DescribeDBClusters', 'rds:DescribeDBInstances', 'rds:CreateDBInstance', 'rds:DeleteDBInstance', 'rds:DeleteDBCluster'],
    [arn('rds', `cluster:${throwaway}`), arn('rds', `db:${throwaway}`)],
  );
  const vault = arn('backup', `backup-vault:${PROJECT}-${name}`);
  allow('DrillReadRecoveryPoints', ['backup:ListRecoveryPointsByBackupVault', 'backup:GetRecoveryPointRestoreMetadata'], [vault, arn('backup', 'recovery-point:*')]);
  allow('DrillReadRestoreTesting', ['backup:GetRestoreTestingSelection'], [arn('backup', `restore-testing-plan:flashcard_lms_${name.replace(/-/g, '_')}-*`)]);
  allow('DrillRestore', ['backup:StartRestoreJob', 'backup:DescribeRestoreJob'], ['*']);
  // The restore-testing role and the migration task roles: CloudFormation names them after their stacks.
  allow('DrillPassRestoreRole', ['iam:PassRole'], [`arn:${partition}:iam::${account}:role/${stackName(name, 'backup')}-*`], {
    StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' },
  });
  allow('DrillDeleteRestoredFileSystems', ['elasticfilesystem:DeleteFileSystem'], [arn('elasticfilesystem', 'file-system/*')]);
  allow('DrillRotateSecrets', ['secretsmanager:RotateSecret', 'secretsmanager:DescribeSecret'], [arn('secretsmanager', `secret:${PROJECT}/${name}/*`)]);
  allow('DrillVerifyTask', ['ecs:RunTask'], [arn('ecs', `task-definition/${name}-backend-migration:*`)]);
  allow('DrillFollowVerifyTask', ['ecs:DescribeTasks', 'ecs:StopTask'], [arn('ecs', `task/${migrationClusterName(name)}/*`)]);
  allow('DrillPassVerifyTaskRoles', ['iam:PassRole'], [`arn:${partition}:iam::${account}:role/${stackName(name, 'migration')}-*`], {
    StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
  });

  const policy = role.node.findChild('DefaultPolicy');
  const wildcards = [
    '*',
    arn('cloudwatch', `alarm:${name}-*`),
    arn('ecs', `service/${resourceName(name)}/*`),
    arn('fis', 'experiment-template/*'),
    arn('fis', 'experiment/*'),
    arn('rds', `cluster:${throwaway}`),
    arn('rds', `db:${throwaway}`),
    arn('backup', 'recovery-point:*'),
    arn('backup', `restore-testing-plan:flashcard_lms_${name.replace(/-/g, '_')}-*`),
    `arn:${partition}:iam::${account}:role/${stackName(name, 'backup')}-*`,
    arn('elasticfilesystem', 'file-system/*'),
    arn('secretsmanager', `secret:${PROJECT}/${name}/*`),
    arn('ecs', `task-definition/${name}-backend-migration:*`),
    arn('ecs', `task/${migrationClusterName(name)}/*`),
    `arn:${partition}:iam::${account}:role/${stackName(name, 'migration')}-*`,
  ];
  for (const resource of wildcards)
    acknowledge(
      policy,
      `AwsSolutions-IAM5[Resource::${resource}]`,
      `Drills of ${name} only: its own alarms, services, tagged experiments, throwaway drill-* clusters, secrets and migration task; restore jobs, recovery points and restored file systems get generated ids.`,
    );
}
