import { Annotations, CfnOutput, CliCredentialsStackSynthesizer, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ConfigError, EnvironmentConfig } from '../config';
import { bootstrapRoleArn, bootstrapVersionParameterArn, CDK_BOOTSTRAP_ROLES, environmentRegions, partitionOf } from '../config/bootstrap';
import { GITHUB, githubAccessFor, GithubConfig, githubConfigProblems, releaseCommitParameter } from '../config/github';
import { SERVICES } from '../config/release';
import { migrationFunctionNames } from '../constructs/migration/database-migration';
import { drillRunnerRoleName } from '../constructs/drills/drill-runner-grants';
import { acknowledge } from '../nag';
import { ALERTING_KEY, alarmTopicName, ecsClusterName, keyAlias, stackName } from '../contracts';

export const GITHUB_OIDC_URL = 'https://token.actions.githubusercontent.com';
const ISSUER = 'token.actions.githubusercontent.com';
const AUDIENCE = 'sts.amazonaws.com';
/** The stack's name in every account; the CloudFormation execution policy denies changing it. */
export const GITHUB_OIDC_STACK_NAME = 'flashcard-lms-github-oidc';

export interface GithubOidcStackProps extends StackProps {
  /** Repository, role names and GitHub environments. */
  readonly github: GithubConfig;
  /** The environments deployed into this stack's account: one deploy role each. */
  readonly environments: readonly EnvironmentConfig[];
}

/**
 * Deployed once per account, by an administrator: the GitHub OIDC identity provider and one
 * deploy role per environment that only the configured repository's workflows, running in that
 * environment's GitHub environment, on the deploy branch and from the deploy workflows, may
 * assume. The roles can do no more than assume the CDK bootstrap roles of the environment's
 * regions, read what the release gate and the deploy summary need, start the migration and
 * report a failed rollout to the environment's alarm topics. No long-lived keys.
 */
export class GithubOidcStack extends Stack {
  public readonly provider: iam.IOidcProvider;
  /** Deploy role per environment name. */
  public readonly deployRoles: Readonly<Record<string, iam.Role>>;
  /** Pull-request `cdk diff` role per environment name, where configured. */
  public readonly diffRoles: Readonly<Record<string, iam.Role>>;

  constructor(scope: Construct, id: string, props: GithubOidcStackProps) {
    super(scope, id, props);
    const { github } = props;
    const existing = this.account && github.existingOidcProviders?.[this.account];
    this.provider = existing
      ? iam.OidcProviderNative.fromOidcProviderArn(this, 'GithubProvider', existing)
      : new iam.OidcProviderNative(this, 'GithubProvider', {
          url: GITHUB_OIDC_URL,
          clientIds: [AUDIENCE],
        });

    const deployRoles: Record<string, iam.Role> = {};
    const diffRoles: Record<string, iam.Role> = {};
    for (const env of props.environments) {
      const access = githubAccessFor(env, github);
      const id = pascal(env.name);
      const deploy = (deployRoles[env.name] = this.githubRole(`${id}DeployRole`, {
        roleName: access.deployRoleName,
        description: `Flashcard LMS ${env.name}: GitHub Actions deploys from ${github.repository} ${github.deployRef} (GitHub environment ${access.githubEnvironment})`,
        conditions: deployTrustConditions(github, access.githubEnvironment),
      }));
      this.grantDeploy(deploy, env, github);
      new CfnOutput(this, `${id}DeployRoleArn`, { value: deploy.roleArn, description: `Role the ${env.name} jobs assume` });

      if (access.diffRoleName) {
        const diff = (diffRoles[env.name] = this.githubRole(`${id}DiffRole`, {
          roleName: access.diffRoleName,
          description: `Flashcard LMS ${env.name}: read-only cdk diff for pull requests of ${github.repository}`,
          conditions: diffTrustConditions(github),
        }));
        this.grantDiff(diff, env, github);
        new CfnOutput(this, `${id}DiffRoleArn`, { value: diff.roleArn, description: `Role pull requests assume for cdk diff against ${env.name}` });
      }
    }
    this.deployRoles = deployRoles;
    this.diffRoles = diffRoles;
  }

  private githubRole(id: string, opts: { roleName: string; description: string; conditions: iam.Conditions }): iam.Role {
    return new iam.Role(this, id, {
      roleName: opts.roleName,
      description: opts.description,
      maxSessionDuration: Duration.hours(1),
      assumedBy: new iam.WebIdentityPrincipal(this.provider.oidcProviderArn, opts.conditions),
    });
  }

  /**
   * `cdk diff --method=template` calls DescribeStacks and GetTemplate (and may read the bootstrap
   * version from SSM). When the lookup role cannot be assumed and these credentials are for the
   * stack's account, the CLI warns "Lookup role … was not assumed. Proceeding with default
   * credentials." (aws-cdk CLI `accessStackForLookup`; aws/aws-cdk#18277).
   */
  private grantDiff(role: iam.Role, env: EnvironmentConfig, github: GithubConfig): void {
    const regions = environmentRegions(env);
    const stacks = regions.map((r) => `arn:${partitionOf(r)}:cloudformation:${r}:${env.account}:stack/${stackName(env.name, '*')}/*`);
    role.addToPolicy(new iam.PolicyStatement({ sid: 'ReadAppTemplates', actions: ['cloudformation:DescribeStacks', 'cloudformation:GetTemplate'], resources: stacks }));
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadBootstrapVersion',
        actions: ['ssm:GetParameter'],
        resources: regions.map((r) => bootstrapVersionParameterArn(github.cdkQualifier, env.account, r)),
      }),
    );
    const policy = role.node.findChild('DefaultPolicy');
    for (const stack of stacks) {
      acknowledge(
        policy,
        `AwsSolutions-IAM5[Resource::${stack}]`,
        `Read-only (DescribeStacks, GetTemplate) on ${env.name}'s own stacks, whose ids CloudFormation generates; what cdk diff compares.`,
      );
    }
  }

  private grantDeploy(role: iam.Role, env: EnvironmentConfig, github: GithubConfig): void {
    const { account, region, name } = env;
    const arn = (service: string, resource: string) => `arn:${partitionOf(region)}:${service}:${region}:${account}:${resource}`;
    // Every region the environment deploys a stack into (the backup copy region too), and no other.
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeCdkBootstrapRoles',
        actions: ['sts:AssumeRole'],
        resources: environmentRegions(env).flatMap((r) => CDK_BOOTSTRAP_ROLES.map((b) => bootstrapRoleArn(github.cdkQualifier, b, account, r))),
      }),
    );
    // Defence in depth: whatever is granted later, a deploy role never changes the trust between GitHub and AWS.
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'DenyChangingGithubTrust',
        effect: iam.Effect.DENY,
        actions: GITHUB_TRUST_WRITE_ACTIONS,
        resources: githubTrustResources(partitionOf(region), account),
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'DenyChangingGithubOidcStack',
        effect: iam.Effect.DENY,
        actions: ['cloudformation:*'],
        resources: [`arn:${partitionOf(region)}:cloudformation:*:${account}:stack/${GITHUB_OIDC_STACK_NAME}/*`],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadImageScanFindings',
        actions: ['ecr:DescribeImages', 'ecr:DescribeImageScanFindings'],
        resources: SERVICES.map((s) => arn('ecr', `repository/${github.imageRepositoryPrefix}/${name}/${s}`)),
      }),
    );
    const stacks = arn('cloudformation', `stack/${stackName(name, '*')}/*`);
    role.addToPolicy(new iam.PolicyStatement({ sid: 'ReadAppStacks', actions: ['cloudformation:DescribeStacks'], resources: [stacks] }));
    // One release at a time: the last commit that started deploying (scripts/release-order.ts).
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'RecordReleaseCommit',
        actions: ['ssm:GetParameter', 'ssm:PutParameter'],
        resources: [arn('ssm', `parameter${releaseCommitParameter(name)}`)],
      }),
    );
    // `npm run migrate` drives a run through the two deployed migration functions, nothing else.
    const { start, poll } = migrationFunctionNames(name);
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'RunMigration',
        actions: ['lambda:InvokeFunction'],
        resources: [arn('lambda', `function:${start}`), arn('lambda', `function:${poll}`)],
      }),
    );
    // rollback.yml's native rollback (scripts/native-rollback.ts): list and stop the services' own deployments.
    const cluster = ecsClusterName(name);
    const deployments = SERVICES.map((s) => arn('ecs', `service-deployment/${cluster}/${s}/*`));
    role.addToPolicy(
      new iam.PolicyStatement({ sid: 'ListServiceDeployments', actions: ['ecs:ListServiceDeployments'], resources: SERVICES.map((s) => arn('ecs', `service/${cluster}/${s}`)) }),
    );
    role.addToPolicy(new iam.PolicyStatement({ sid: 'NativeRollback', actions: ['ecs:StopServiceDeployment'], resources: deployments }));
    // drill.yml chains into the environment's drill runner role (docs/drills.md).
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeDrillRunnerRole',
        actions: ['sts:AssumeRole'],
        resources: [`arn:${partitionOf(region)}:iam::${account}:role/${drillRunnerRoleName(name)}`],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'NotifyFailedRollout',
        actions: ['sns:Publish'],
        resources: ['critical', 'warning'].map((s) => arn('sns', alarmTopicName(name, s))),
      }),
    );
    // The alarm topics are encrypted with a key whose id is generated: narrow it by alias, used through SNS only.
    const keys = arn('kms', 'key/*');
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'UseAlarmTopicKeyThroughSns',
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: [keys],
        conditions: {
          StringEquals: { 'kms:ViaService': `sns.${region}.amazonaws.com` },
          'ForAnyValue:StringEquals': { 'kms:ResourceAliases': keyAlias(name, ALERTING_KEY) },
        },
      }),
    );
    const policy = role.node.findChild('DefaultPolicy');
    const reasons: ReadonlyArray<readonly [string, string]> = [
      [stacks, `DescribeStacks on ${name}'s own stacks (flashcard-lms-${name}-*) for the deploy summary and the migration entry point.`],
      [keys, `Only the key aliased ${keyAlias(name, ALERTING_KEY)}, and only through SNS in ${region}, to publish a failed-rollout notice.`],
      ...deployments.map((d) => [d, `StopServiceDeployment on ${name}'s own service deployments, whose ids ECS generates: the native rollback.`] as const),
    ];
    for (const [resource, reason] of reasons) acknowledge(policy, `AwsSolutions-IAM5[Resource::${resource}]`, reason);
    acknowledge(
      policy,
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'SNS needs GenerateDataKey and GenerateDataKeyWithoutPlaintext on the alarm-topic key to publish encrypted messages.',
    );
  }
}

/** IAM writes that could change who may assume a GitHub role, or what it may do. */
export const GITHUB_TRUST_WRITE_ACTIONS = [
  'iam:UpdateAssumeRolePolicy',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRole',
  'iam:UpdateRole',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:CreateOpenIDConnectProvider',
  'iam:DeleteOpenIDConnectProvider',
  'iam:UpdateOpenIDConnectProviderThumbprint',
  'iam:AddClientIDToOpenIDConnectProvider',
  'iam:RemoveClientIDFromOpenIDConnectProvider',
  'iam:TagOpenIDConnectProvider',
  'iam:UntagOpenIDConnectProvider',
];

/** The GitHub roles (all named `flashcard-lms-github-*` by default) and the account's GitHub OIDC provider. */
export function githubTrustResources(partition: string, account: string): string[] {
  return [`arn:${partition}:iam::${account}:role/flashcard-lms-github-*`, `arn:${partition}:iam::${account}:oidc-provider/${ISSUER}`];
}

/**
 * Deploy roles: the repository's jobs in the environment's GitHub environment (`sub`), on the
 * deploy branch (`ref`), run by one of the deploy workflow files (`job_workflow_ref`). STS checks
 * `ref` and `job_workflow_ref` since January 2026 ("AWS STS supports validation of identity
 * provider specific claims", IAM User Guide: "Available keys for AWS OIDC federation"); a key
 * missing from the token fails StringEquals, so the check fails closed.
 */
export function deployTrustConditions(github: GithubConfig, githubEnvironment: string): iam.Conditions {
  return {
    StringEquals: {
      [`${ISSUER}:aud`]: AUDIENCE,
      // GitHub's default subject for a job in an environment (GitHub docs: "OpenID Connect reference", subject claims).
      [`${ISSUER}:sub`]: `repo:${github.repository}:environment:${githubEnvironment}`,
      [`${ISSUER}:ref`]: github.deployRef,
      [`${ISSUER}:job_workflow_ref`]: github.deployWorkflows.map((w) => `${github.repository}/${w}@${github.deployRef}`),
    },
  };
}

/** Diff roles: the repository's own pull-request jobs (forks get no token), run by the CI workflow. */
export function diffTrustConditions(github: GithubConfig): iam.Conditions {
  return {
    StringEquals: { [`${ISSUER}:aud`]: AUDIENCE, [`${ISSUER}:sub`]: `repo:${github.repository}:pull_request` },
    StringLike: { [`${ISSUER}:job_workflow_ref`]: `${github.repository}/${github.diffWorkflow}@refs/pull/*/merge` },
  };
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}

/**
 * Adds one `flashcard-lms-github-oidc` stack per distinct account among the environments, in the
 * region of its first environment (IAM is global). Throws ConfigError on a bad GitHub config.
 */
export function addGithubOidcStacks(scope: Construct, environments: readonly EnvironmentConfig[], github: GithubConfig = GITHUB): GithubOidcStack[] {
  const problems = githubConfigProblems(github, environments);
  if (problems.length > 0) throw new ConfigError(problems);
  const byAccount = new Map<string, EnvironmentConfig[]>();
  for (const env of environments) byAccount.set(env.account, [...(byAccount.get(env.account) ?? []), env]);
  return [...byAccount.entries()].map(([account, envs]) => {
    const stack = new GithubOidcStack(scope, `GithubOidc-${account}`, {
      stackName: GITHUB_OIDC_STACK_NAME,
      // Deployed by an administrator with their own credentials, never through the bootstrap roles,
      // whose execution policy denies changing this stack's roles and provider.
      synthesizer: new CliCredentialsStackSynthesizer({ qualifier: github.cdkQualifier }),
      description: `Flashcard LMS: GitHub Actions OIDC provider and deploy roles for ${envs.map((e) => e.name).join(', ')}`,
      env: { account, region: envs[0].region },
      terminationProtection: true,
      github,
      environments: envs,
    });
    if (envs.some((e) => e.production) && envs.some((e) => !e.production)) {
      Annotations.of(stack).addWarningV2(
        'flashcard-lms:shared-production-account',
        `Account ${account} holds production and non-production environments (${envs.map((e) => e.name).join(', ')}): each deploy role can assume the same CDK bootstrap roles, so a non-production workflow could change production. Give production its own account.`,
      );
    }
    return stack;
  });
}
