import { loadEnvironments } from '../../lib/config';
import { bootstrapTargets, environmentRegions } from '../../lib/config/bootstrap';
import { bootstrapCommands } from '../../scripts/bootstrap-commands';

const [staging, production] = loadEnvironments();

describe('bootstrap plan', () => {
  test('every region an environment deploys into, the backup copy region included', () => {
    expect(environmentRegions(staging)).toEqual(['eu-west-1']);
    expect(environmentRegions(production)).toEqual(['eu-west-1', production.backup.copyToRegion]);
    expect(bootstrapTargets([staging, production, { ...staging, name: 'perf' }])).toEqual([
      { account: '111111111111', region: 'eu-west-1', environments: ['staging', 'perf'] },
      { account: '222222222222', region: 'eu-west-1', environments: ['production'] },
      { account: '222222222222', region: 'eu-central-1', environments: ['production'] },
    ]);
  });

  test('prints the policies once per account, then one bootstrap per region with qualifier, execution policy and boundary', () => {
    const policy = (a: string) =>
      `--qualifier hnb659fds --cloudformation-execution-policies arn:aws:iam::${a}:policy/flashcard-lms-cdk-execution --custom-permissions-boundary flashcard-lms-cdk-boundary --termination-protection`;
    expect(bootstrapCommands([staging, production]).split('\n')).toEqual([
      '# Account 111111111111 (staging): credentials of an administrator of this account',
      'aws iam create-policy --policy-name flashcard-lms-cdk-execution --policy-document file://bootstrap/execution-policy.json',
      'aws iam create-policy --policy-name flashcard-lms-cdk-boundary --policy-document file://bootstrap/permissions-boundary.json',
      '# eu-west-1: staging',
      `npx cdk bootstrap aws://111111111111/eu-west-1 ${policy('111111111111')}`,
      '',
      '# Account 222222222222 (production): credentials of an administrator of this account',
      'aws iam create-policy --policy-name flashcard-lms-cdk-execution --policy-document file://bootstrap/execution-policy.json',
      'aws iam create-policy --policy-name flashcard-lms-cdk-boundary --policy-document file://bootstrap/permissions-boundary.json',
      '# eu-west-1: production',
      `npx cdk bootstrap aws://222222222222/eu-west-1 ${policy('222222222222')}`,
      '# eu-central-1: production',
      `npx cdk bootstrap aws://222222222222/eu-central-1 ${policy('222222222222')}`,
      '',
    ]);
  });
});
