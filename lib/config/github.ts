import { z } from 'zod';
import { EnvironmentConfig } from './schema';

/**
 * Who may deploy: the GitHub repository whose workflows assume the deploy roles, and per
 * environment the role names and the GitHub environment the deploying jobs run in. Accounts
 * and regions come from the environments' own config, so they are written down once.
 */
export interface GithubEnvironmentAccess {
  /** IAM role the deploy, migrate and rollback jobs assume. */
  readonly deployRoleName: string;
  /**
   * GitHub environment those jobs run in; the role trusts only its OIDC subject
   * `repo:<owner>/<name>:environment:<githubEnvironment>`. Its deployment branch rule
   * (main only) and required reviewers are set in the repository settings.
   */
  readonly githubEnvironment: string;
  /**
   * Role pull-request workflows assume for `cdk diff`; it may only assume the CDK lookup
   * (read-only) role, because a pull request runs the workflow files of its own branch.
   * @default - no pull-request access
   */
  readonly diffRoleName?: string;
}

export interface GithubConfig {
  /** `owner/name` of the repository holding this app. */
  readonly repository: string;
  /** ECR repositories are `<prefix>/backend` and `<prefix>/frontend`. */
  readonly imageRepositoryPrefix: string;
  /** Qualifier the accounts were bootstrapped with (`cdk bootstrap --qualifier`). */
  readonly cdkQualifier: string;
  /** Access per environment name. */
  readonly environments: Readonly<Record<string, GithubEnvironmentAccess>>;
  /**
   * ARN of an existing token.actions.githubusercontent.com provider per account id; an
   * account has at most one provider per URL, so the stack reuses it instead of creating one.
   * @default - the stack creates the provider
   */
  readonly existingOidcProviders?: Readonly<Record<string, string>>;
}

export const GITHUB: GithubConfig = {
  repository: 'flashcard-lms/flashcard-lms-infra',
  imageRepositoryPrefix: 'flashcard-lms',
  cdkQualifier: 'hnb659fds',
  environments: {
    staging: {
      deployRoleName: 'flashcard-lms-github-deploy-staging',
      githubEnvironment: 'staging',
      diffRoleName: 'flashcard-lms-github-diff-staging',
    },
    production: {
      deployRoleName: 'flashcard-lms-github-deploy-production',
      githubEnvironment: 'production',
    },
  },
};

/** The GitHub environment production deploys must run in (required reviewers, main only). */
export const PRODUCTION_GITHUB_ENVIRONMENT = 'production';

const ROLE_NAME = z.string().regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name: 1-64 of letters, digits and + = , . @ _ -');
// No IAM wildcards (* ?) may reach the trust condition.
const GITHUB_ENVIRONMENT = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be a GitHub environment name: 1-100 of letters, digits and . _ -');

export const githubConfigSchema = z.strictObject({
  repository: z
    .string()
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/, 'must be "owner/name" of a GitHub repository, e.g. "flashcard-lms/flashcard-lms-infra"'),
  imageRepositoryPrefix: z
    .string()
    .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/, 'must be an ECR repository name prefix, e.g. "flashcard-lms"'),
  cdkQualifier: z.string().regex(/^[A-Za-z0-9_-]{1,10}$/, 'must be the CDK bootstrap qualifier (1-10 of letters, digits, _ and -), by default "hnb659fds"'),
  environments: z.record(
    z.string(),
    z.strictObject({
      deployRoleName: ROLE_NAME,
      githubEnvironment: GITHUB_ENVIRONMENT,
      diffRoleName: ROLE_NAME.optional(),
    }),
  ),
  existingOidcProviders: z
    .record(
      z.string().regex(/^\d{12}$/, 'keys must be 12-digit AWS account ids'),
      z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/, 'must be the ARN of the token.actions.githubusercontent.com OIDC provider'),
    )
    .optional(),
});

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as any)[k as any] : undefined), root);
}

/**
 * Validates the GitHub access config against the environments being deployed; returns every
 * problem as `github.<path>: <what is allowed> (got <value>)`.
 */
export function githubConfigProblems(raw: unknown, environments: readonly EnvironmentConfig[]): string[] {
  const problems: string[] = [];
  const parsed = githubConfigSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) problems.push(`github.${path ? `${path}.` : ''}${key}: is not a known field; remove it or check its spelling`);
      } else {
        problems.push(`github.${path}: ${issue.message} (got ${describe(valueAt(raw, issue.path))})`);
      }
    }
    return problems;
  }
  const config = parsed.data;
  const roleOwners = new Map<string, string>();
  for (const env of environments) {
    const access = config.environments[env.name];
    if (!access) {
      problems.push(
        `github.environments.${env.name}: missing; add {"deployRoleName": "flashcard-lms-github-deploy-${env.name}", "githubEnvironment": "${env.name}"} (configured: ${Object.keys(config.environments).join(', ') || 'none'})`,
      );
      continue;
    }
    if (env.production && access.githubEnvironment !== PRODUCTION_GITHUB_ENVIRONMENT) {
      problems.push(
        `github.environments.${env.name}.githubEnvironment: a production environment deploys only from the "${PRODUCTION_GITHUB_ENVIRONMENT}" GitHub environment (required reviewers, main branch only) (got ${describe(access.githubEnvironment)})`,
      );
    }
    if (env.production && access.diffRoleName !== undefined) {
      problems.push(`github.environments.${env.name}.diffRoleName: pull requests get no access to a production account; remove it (got ${describe(access.diffRoleName)})`);
    }
    for (const [field, name] of [['deployRoleName', access.deployRoleName], ['diffRoleName', access.diffRoleName]] as const) {
      if (name === undefined) continue;
      const key = `${env.account}/${name}`;
      const owner = roleOwners.get(key);
      if (owner) problems.push(`github.environments.${env.name}.${field}: role "${name}" is already used by ${owner} in account ${env.account}; role names must be unique per account`);
      else roleOwners.set(key, `${env.name}.${field}`);
    }
  }
  return problems;
}
