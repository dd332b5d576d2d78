import { Annotations, CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { ConfigError, EnvironmentConfig } from '../config';
import { GITHUB, GithubConfig, githubConfigProblems } from '../config/github';
import { SERVICES } from '../config/release';
import { migrationFunctionNames } from '../constructs/database-migration';
import { acknowledge } from '../nag';

export const GITHUB_OIDC_URL = 'https://token.actions.githubusercontent.com';
const ISSUER = 'token.actions.githubusercontent.com';
const AUDIENCE = 'sts.amazonaws.com';
/** The roles `cdk bootstrap` creates and the CLI assumes (the CloudFormation execution role is assumed by CloudFormation, not by us). */
const CDK_BOOTSTRAP_ROLES = ['deploy-role', 'file-publishing-role', 'image-publishing-role', 'lookup-role'] as const;

export interface GithubOidcStackProps extends StackProps {
  /** Repository, role names and GitHub environments. */
  readonly github: GithubConfig;
  /** The environments deployed into this stack's account: one deploy role each. */
  readonly environments: readonly EnvironmentConfig[];
}

/**
 * Deployed once per account, by an administrator: the GitHub OIDC identity provider and one
 * deploy role per environment that only the configured repository's workflows, running in that
 * environment's GitHub environment, may assume. The roles can do no more than assume the CDK
 * bootstrap roles, read what the release gate and the deploy summary need, start the migration
 * and report a failed rollout to the environment's alarm topics. No long-lived keys.
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
      const access = github.environments[env.name];
      const id = pascal(env.name);
      const deploy = (deployRoles[env.name] = this.githubRole(`${id}DeployRole`, {
        roleName: access.deployRoleName,
        subject: `repo:${github.repository}:environment:${access.githubEnvironment}`,
        description: `Flashcard LMS ${env.name}: GitHub Actions deploys from ${github.repository} (GitHub environment ${access.githubEnvironment})`,
      }));
      this.grantDeploy(deploy, env, github);
      new CfnOutput(this, `${id}DeployRoleArn`, { value: deploy.roleArn, description: `Role the ${env.name} jobs assume` });

      if (access.diffRoleName) {
        const diff = (diffRoles[env.name] = this.githubRole(`${id}DiffRole`, {
          roleName: access.diffRoleName,
          subject: `repo:${github.repository}:pull_request`,
          description: `Flashcard LMS ${env.name}: read-only cdk diff for pull requests of ${github.repository}`,
        }));
        diff.addToPolicy(
          new iam.PolicyStatement({
            sid: 'AssumeCdkLookupRole',
            actions: ['sts:AssumeRole'],
            resources: [bootstrapRoleArn(github.cdkQualifier, 'lookup-role', env)],
          }),
        );
        new CfnOutput(this, `${id}DiffRoleArn`, { value: diff.roleArn, description: `Role pull requests assume for cdk diff against ${env.name}` });
      }
    }
    this.deployRoles = deployRoles;
    this.diffRoles = diffRoles;
  }

  private githubRole(id: string, opts: { roleName: string; subject: string; description: string }): iam.Role {
    return new iam.Role(this, id, {
      roleName: opts.roleName,
      description: opts.description,
      maxSessionDuration: Duration.hours(1),
      assumedBy: new iam.WebIdentityPrincipal(this.provider.oidcProviderArn, {
        StringEquals: {
          [`${ISSUER}:aud`]: AUDIENCE,
          [`${ISSUER}:sub`]: opts.subject,
        },
      }),
    });
  }

  private grantDeploy(role: iam.Role, env: EnvironmentConfig, github: GithubConfig): void {
    const { account, region, name } = env;
    const arn = (service: string, resource: string) => `arn:${partitionOf(env)}:${service}:${region}:${account}:${resource}`;
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeCdkBootstrapRoles',
        actions: ['sts:AssumeRole'],
        resources: CDK_BOOTSTRAP_ROLES.map((r) => bootstrapRoleArn(github.cdkQualifier, r, env)),
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadImageScanFindings',
        actions: ['ecr:DescribeImages', 'ecr:DescribeImageScanFindings'],
        resources: SERVICES.map((s) => arn('ecr', `repository/${github.imageRepositoryPrefix}/${name}/${s}`)),
      }),
    );
    const stacks = arn('cloudformation', `stack/flashcard-lms-${name}-*/*`);
    role.addToPolicy(new iam.PolicyStatement({ sid: 'ReadAppStacks', actions: ['cloudformation:DescribeStacks'], resources: [stacks] }));
    // `npm run migrate` drives a run through the two deployed migration functions, nothing else.
    const { start, poll } = migrationFunctionNames(name);
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'RunMigration',
        actions: ['lambda:InvokeFunction'],
        resources: [arn('lambda', `function:${start}`), arn('lambda', `function:${poll}`)],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'NotifyFailedRollout',
        actions: ['sns:Publish'],
        resources: ['critical', 'warning'].map((s) => arn('sns', `${name}-flashcard-lms-${s}`)),
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
          'ForAnyValue:StringEquals': { 'kms:ResourceAliases': `alias/flashcard-lms/${name}/alerting` },
        },
      }),
    );
    const policy = role.node.findChild('DefaultPolicy');
    const reasons: ReadonlyArray<readonly [string, string]> = [
      [stacks, `DescribeStacks on ${name}'s own stacks (flashcard-lms-${name}-*) for the deploy summary and the migration entry point.`],
      [keys, `Only the key aliased alias/flashcard-lms/${name}/alerting, and only through SNS in ${region}, to publish a failed-rollout notice.`],
    ];
    for (const [resource, reason] of reasons) acknowledge(policy, `AwsSolutions-IAM5[Resource::${resource}]`, reason);
    acknowledge(policy, 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', 'SNS needs GenerateDataKey and GenerateDataKeyWithoutPlaintext on the alarm-topic key to publish encrypted messages.');
  }
}

/** A literal partition (from the region), so ARNs and the cdk-nag findings on them are plain strings. */
function partitionOf(env: EnvironmentConfig): string {
  return RegionInfo.get(env.region).partition ?? 'aws';
}

function bootstrapRoleArn(qualifier: string, role: string, env: EnvironmentConfig): string {
  return `arn:${partitionOf(env)}:iam::${env.account}:role/cdk-${qualifier}-${role}-${env.account}-${env.region}`;
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
      stackName: 'flashcard-lms-github-oidc',
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
