import {
  bootstrapRoleArn,
  bootstrapTargets,
  bootstrapVersionParameterArn,
  CDK_BOOTSTRAP_ROLES,
  environmentRegions,
  EXECUTION_POLICY_NAME,
  PERMISSIONS_BOUNDARY_NAME,
  partitionOf,
} from '../../lib/config/bootstrap';
import { EnvironmentConfig } from '../../lib/config/schema';

type Target = Pick<EnvironmentConfig, 'name' | 'account' | 'region' | 'backup'>;
const env = (name: string, account: string, region: string, copyToRegion: string | null): Target => ({ name, account, region, backup: { copyToRegion } }) as unknown as Target;

describe('bootstrap targets', () => {
  test('an environment deploys into its region and, when it copies backups, the copy region, each once', () => {
    expect(environmentRegions(env('a', '111111111111', 'eu-west-1', null))).toEqual(['eu-west-1']);
    expect(environmentRegions(env('a', '111111111111', 'eu-west-1', 'eu-central-1'))).toEqual(['eu-west-1', 'eu-central-1']);
    expect(environmentRegions(env('a', '111111111111', 'eu-west-1', 'eu-west-1'))).toEqual(['eu-west-1']);
  });

  test('every account and region once, in config order, with the environments deploying there', () => {
    const envs = [
      env('staging', '111111111111', 'eu-west-1', null),
      env('production', '222222222222', 'eu-west-1', 'eu-central-1'),
      env('perf', '111111111111', 'eu-west-1', 'eu-central-1'),
    ] as unknown as EnvironmentConfig[];
    expect(bootstrapTargets(envs)).toEqual([
      { account: '111111111111', region: 'eu-west-1', environments: ['staging', 'perf'] },
      { account: '222222222222', region: 'eu-west-1', environments: ['production'] },
      { account: '222222222222', region: 'eu-central-1', environments: ['production'] },
      { account: '111111111111', region: 'eu-central-1', environments: ['perf'] },
    ]);
    expect(bootstrapTargets([])).toEqual([]);
  });

  test('role and parameter ARNs carry the partition of the region', () => {
    expect(partitionOf('eu-west-1')).toBe('aws');
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    // A region the CDK does not know yet is taken to be in the commercial partition.
    expect(partitionOf('xx-nowhere-1')).toBe('aws');
    // The bootstrap commands and the deploy roles' policies name these.
    expect([EXECUTION_POLICY_NAME, PERMISSIONS_BOUNDARY_NAME]).toEqual(['flashcard-lms-cdk-execution', 'flashcard-lms-cdk-boundary']);
    expect(CDK_BOOTSTRAP_ROLES).toEqual(['deploy-role', 'file-publishing-role', 'image-publishing-role', 'lookup-role']);
    expect(bootstrapRoleArn('hnb659fds', 'deploy-role', '111111111111', 'cn-north-1')).toBe('arn:aws-cn:iam::111111111111:role/cdk-hnb659fds-deploy-role-111111111111-cn-north-1');
    expect(bootstrapVersionParameterArn('hnb659fds', '111111111111', 'eu-west-1')).toBe('arn:aws:ssm:eu-west-1:111111111111:parameter/cdk-bootstrap/hnb659fds/version');
  });
});
