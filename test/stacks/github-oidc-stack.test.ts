import { App, CliCredentialsStackSynthesizer, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../../lib/config';
import { GITHUB } from '../../lib/config/github';
import { addGithubOidcStacks, GITHUB_TRUST_WRITE_ACTIONS, GithubOidcStack } from '../../lib/stacks/github-oidc-stack';

const REPO = GITHUB.repository;
const ISSUER = 'token.actions.githubusercontent.com';

function trustOf(template: Template, roleName: string): any {
  const roles = template.findResources('AWS::IAM::Role', { Properties: { RoleName: roleName } });
  const [role] = Object.values(roles);
  return role.Properties.AssumeRolePolicyDocument.Statement;
}

function policyOf(template: Template, roleLogicalIdPrefix: string): any[] {
  const policies = template.findResources('AWS::IAM::Policy');
  const [policy] = Object.entries(policies)
    .filter(([id]) => id.startsWith(roleLogicalIdPrefix))
    .map(([, p]) => p);
  // Action order depends on feature flags; what matters is the set.
  return policy.Properties.PolicyDocument.Statement.map((st: any) => (Array.isArray(st.Action) ? { ...st, Action: [...st.Action].sort() } : st));
}

describe('GithubOidcStack (built-in environments, one account each)', () => {
  let outdir: string;
  let stacks: GithubOidcStack[];
  let staging: Template;
  let production: Template;

  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'oidc-'));
    const app = new App({ outdir });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    stacks = addGithubOidcStacks(app, loadEnvironments());
    staging = Template.fromStack(stacks[0]);
    production = Template.fromStack(stacks[1]);
    app.synth();
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test("one stack per account, named flashcard-lms-github-oidc, in its first environment's region", () => {
    expect(stacks.map((s) => [s.node.id, s.stackName, s.account, s.region, s.terminationProtection])).toEqual([
      ['GithubOidc-111111111111', 'flashcard-lms-github-oidc', '111111111111', 'eu-west-1', true],
      ['GithubOidc-222222222222', 'flashcard-lms-github-oidc', '222222222222', 'eu-west-1', true],
    ]);
  });

  test('the GitHub OIDC provider trusts the STS audience only', () => {
    for (const t of [staging, production]) {
      t.resourceCountIs('AWS::IAM::OIDCProvider', 1);
      t.hasResourceProperties('AWS::IAM::OIDCProvider', { Url: `https://${ISSUER}`, ClientIdList: ['sts.amazonaws.com'] });
    }
  });

  const deployTrust = (environment: string) => ({
    StringEquals: {
      [`${ISSUER}:aud`]: 'sts.amazonaws.com',
      [`${ISSUER}:sub`]: `repo:${REPO}:environment:${environment}`,
      [`${ISSUER}:ref`]: 'refs/heads/main',
      [`${ISSUER}:job_workflow_ref`]: [`${REPO}/.github/workflows/deploy-environment.yml@refs/heads/main`, `${REPO}/.github/workflows/migrate.yml@refs/heads/main`],
    },
  });

  test('the production role trusts only the production GitHub environment, on main, in the deploy workflows', () => {
    production.resourceCountIs('AWS::IAM::Role', 1);
    expect(trustOf(production, 'flashcard-lms-github-deploy-production')).toEqual([
      {
        Action: 'sts:AssumeRoleWithWebIdentity',
        Effect: 'Allow',
        Principal: { Federated: { Ref: expect.stringMatching(/^GithubProvider/) } },
        Condition: deployTrust('production'),
      },
    ]);
    production.hasResourceProperties('AWS::IAM::Role', { RoleName: 'flashcard-lms-github-deploy-production', MaxSessionDuration: 3600 });
  });

  test('staging has a deploy role for its GitHub environment and a pull-request diff role', () => {
    staging.resourceCountIs('AWS::IAM::Role', 2);
    expect(trustOf(staging, 'flashcard-lms-github-deploy-staging')[0].Condition).toEqual(deployTrust('staging'));
    expect(trustOf(staging, 'flashcard-lms-github-diff-staging')[0].Condition).toEqual({
      StringEquals: { [`${ISSUER}:aud`]: 'sts.amazonaws.com', [`${ISSUER}:sub`]: `repo:${REPO}:pull_request` },
      StringLike: { [`${ISSUER}:job_workflow_ref`]: `${REPO}/.github/workflows/ci.yml@refs/pull/*/merge` },
    });
    staging.hasResourceProperties('AWS::IAM::Role', { RoleName: 'flashcard-lms-github-diff-staging', MaxSessionDuration: 3600 });
  });

  test('no deploy-role trust condition uses a wildcard or StringLike', () => {
    for (const t of [staging, production]) {
      for (const role of Object.values(t.findResources('AWS::IAM::Role', { Properties: { RoleName: Match.stringLikeRegexp('deploy') } }))) {
        const json = JSON.stringify(role.Properties.AssumeRolePolicyDocument);
        expect(json).not.toMatch(/StringLike|\*/);
      }
    }
  });

  test('the deploy role may only assume the CDK bootstrap roles of its regions and do the listed reads, migration and notification', () => {
    const acct = '222222222222';
    const region = 'eu-west-1';
    const bootstrapRoles = ['deploy-role', 'file-publishing-role', 'image-publishing-role', 'lookup-role'];
    expect(policyOf(production, 'ProductionDeployRole')).toEqual([
      {
        Sid: 'AssumeCdkBootstrapRoles',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        // The main region, then the disaster-recovery region the backup vault stack deploys into.
        Resource: ['eu-west-1', 'eu-central-1'].flatMap((r) => bootstrapRoles.map((b) => `arn:aws:iam::${acct}:role/cdk-hnb659fds-${b}-${acct}-${r}`)),
      },
      {
        Sid: 'DenyChangingGithubTrust',
        Effect: 'Deny',
        Action: [...GITHUB_TRUST_WRITE_ACTIONS].sort(),
        Resource: [`arn:aws:iam::${acct}:role/flashcard-lms-github-*`, `arn:aws:iam::${acct}:oidc-provider/${ISSUER}`],
      },
      { Sid: 'DenyChangingGithubOidcStack', Effect: 'Deny', Action: 'cloudformation:*', Resource: `arn:aws:cloudformation:*:${acct}:stack/flashcard-lms-github-oidc/*` },
      {
        Sid: 'ReadImageScanFindings',
        Effect: 'Allow',
        Action: ['ecr:DescribeImageScanFindings', 'ecr:DescribeImages'],
        Resource: [`arn:aws:ecr:${region}:${acct}:repository/flashcard-lms/production/backend`, `arn:aws:ecr:${region}:${acct}:repository/flashcard-lms/production/frontend`],
      },
      { Sid: 'ReadAppStacks', Effect: 'Allow', Action: 'cloudformation:DescribeStacks', Resource: `arn:aws:cloudformation:${region}:${acct}:stack/flashcard-lms-production-*/*` },
      {
        Sid: 'RecordReleaseCommit',
        Effect: 'Allow',
        Action: ['ssm:GetParameter', 'ssm:PutParameter'],
        Resource: `arn:aws:ssm:${region}:${acct}:parameter/flashcard-lms/production/release-commit`,
      },
      {
        Sid: 'RunMigration',
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: [
          `arn:aws:lambda:${region}:${acct}:function:production-flashcard-lms-migration-start`,
          `arn:aws:lambda:${region}:${acct}:function:production-flashcard-lms-migration-poll`,
        ],
      },
      {
        Sid: 'ListServiceDeployments',
        Effect: 'Allow',
        Action: 'ecs:ListServiceDeployments',
        Resource: ['backend', 'frontend'].map((s) => `arn:aws:ecs:${region}:${acct}:service/production-flashcard-lms/${s}`),
      },
      {
        Sid: 'NativeRollback',
        Effect: 'Allow',
        Action: 'ecs:StopServiceDeployment',
        Resource: ['backend', 'frontend'].map((s) => `arn:aws:ecs:${region}:${acct}:service-deployment/production-flashcard-lms/${s}/*`),
      },
      { Sid: 'AssumeDrillRunnerRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${acct}:role/flashcard-lms-production-drill-runner` },
      {
        Sid: 'NotifyFailedRollout',
        Effect: 'Allow',
        Action: 'sns:Publish',
        Resource: [`arn:aws:sns:${region}:${acct}:production-flashcard-lms-critical`, `arn:aws:sns:${region}:${acct}:production-flashcard-lms-warning`],
      },
      {
        Sid: 'UseAlarmTopicKeyThroughSns',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: `arn:aws:kms:${region}:${acct}:key/*`,
        Condition: {
          StringEquals: { 'kms:ViaService': `sns.${region}.amazonaws.com` },
          'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/flashcard-lms/production/alerting' },
        },
      },
    ]);
  });

  test('the staging deploy role reaches only the bootstrap roles of eu-west-1 (no backup copy region)', () => {
    const [assume] = policyOf(staging, 'StagingDeployRole');
    expect(assume.Resource).toHaveLength(4);
    expect(assume.Resource.every((r: string) => r.endsWith('-111111111111-eu-west-1'))).toBe(true);
  });

  test('the diff role reads stack templates and the bootstrap version, and assumes no role (the lookup role reads everything)', () => {
    expect(policyOf(staging, 'StagingDiffRole')).toEqual([
      {
        Sid: 'ReadAppTemplates',
        Effect: 'Allow',
        Action: ['cloudformation:DescribeStacks', 'cloudformation:GetTemplate'],
        Resource: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/flashcard-lms-staging-*/*',
      },
      { Sid: 'ReadBootstrapVersion', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: 'arn:aws:ssm:eu-west-1:111111111111:parameter/cdk-bootstrap/hnb659fds/version' },
    ]);
  });

  test('no statement allows a wildcard action or every resource; denies only guard the trust', () => {
    for (const t of [staging, production]) {
      for (const policy of Object.values(t.findResources('AWS::IAM::Policy'))) {
        for (const s of policy.Properties.PolicyDocument.Statement) {
          expect([s.Resource].flat()).not.toContain('*');
          if (s.Effect === 'Deny') expect(s.Sid).toMatch(/^DenyChangingGithub/);
          else expect([s.Action].flat().filter((a: string) => a === '*' || a.endsWith(':*'))).toEqual([]);
        }
      }
    }
  });

  test("the stack deploys with the administrator's own credentials, not through the bootstrap roles", () => {
    for (const stack of stacks) expect(stack.synthesizer).toBeInstanceOf(CliCredentialsStackSynthesizer);
  });

  test('the role ARNs are stack outputs', () => {
    staging.hasOutput('StagingDeployRoleArn', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StagingDeployRole'), 'Arn'] } });
    staging.hasOutput('StagingDiffRoleArn', Match.anyValue());
    production.hasOutput('ProductionDeployRoleArn', Match.anyValue());
  });

  test('cdk-nag AwsSolutions reports no error', () => {
    const file = path.join(outdir, 'validation-report.json');
    expect(fs.existsSync(file)).toBe(true);
    const report = JSON.parse(fs.readFileSync(file, 'utf8'));
    const errors = (report.pluginReports ?? []).flatMap((p: any) => (p.violations ?? []).filter((v: any) => v.severity === 'error'));
    expect(errors).toEqual([]);
  });
});

describe('GithubOidcStack in a shared account with an existing provider', () => {
  test('reuses the provider and warns that production shares the account', () => {
    const app = new App();
    const [staging, production] = loadEnvironments();
    const providerArn = `arn:aws:iam::${staging.account}:oidc-provider/${ISSUER}`;
    const [stack] = addGithubOidcStacks(app, [staging, { ...production, account: staging.account }], { ...GITHUB, existingOidcProviders: { [staging.account]: providerArn } });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    template.resourceCountIs('AWS::IAM::Role', 3);
    expect(trustOf(template, 'flashcard-lms-github-deploy-production')[0].Principal).toEqual({ Federated: providerArn });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('Account 111111111111 holds production and non-production environments'));
  });

  test('a bad GitHub config fails synth with every problem', () => {
    expect(() => addGithubOidcStacks(new App(), loadEnvironments(), { ...GITHUB, repository: 'nope' })).toThrow(
      'Invalid configuration (1 problem):\n  - github.repository: must be "owner/name" of a GitHub repository, e.g. "flashcard-lms/flashcard-lms-infra" (got "nope")',
    );
  });
});
