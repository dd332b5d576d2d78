import { z } from 'zod';
import { ConfigProblem, valueAt } from './problems';
import { EnvironmentConfig } from './schema';

import { GithubAccessOverride, githubAccessOverrideSchema } from './github-access';

/**
 * Who may deploy: the GitHub repository whose workflows assume the deploy roles, the branch and
 * workflow files allowed to, and per environment the role names and the GitHub environment the
 * deploying jobs run in. Accounts and regions come from the environments' own config.
 */
export interface GithubEnvironmentAccess {
  /** IAM role the deploy, migrate and rollback jobs assume. */
  readonly deployRoleName: string;
  /**
   * GitHub environment those jobs run in: the environment's name. The role trusts only jobs of
   * that environment, on `deployRef`, run by one of `deployWorkflows`; its required reviewers
   * and branch rule are set in the repository settings.
   */
  readonly githubEnvironment: string;
  /**
   * Role pull-request workflows assume for `cdk diff`; it may only read stack templates and
   * the bootstrap version, because a pull request runs the workflow files of its own branch.
   * @default - no pull-request access
   */
  readonly diffRoleName?: string;
}

export interface GithubConfig {
  /** `owner/name` of the repository holding this app. */
  readonly repository: string;
  /** ECR repositories are `<prefix>/<env>/backend` and `<prefix>/<env>/frontend`. */
  readonly imageRepositoryPrefix: string;
  /** Qualifier the accounts were bootstrapped with (`cdk bootstrap --qualifier`). */
  readonly cdkQualifier: string;
  /** The only git ref deploy roles may be assumed from (the OIDC `ref` claim). */
  readonly deployRef: string;
  /** Workflow files (paths in the repository) whose jobs may assume a deploy role (the OIDC `job_workflow_ref` claim). */
  readonly deployWorkflows: readonly string[];
  /** Workflow file whose pull-request jobs may assume a diff role. */
  readonly diffWorkflow: string;
  /**
   * Access of named environments where it differs from `defaultGithubAccess`; an environment's
   * `github` field in a config file overrides both.
   */
  readonly environments: Readonly<Record<string, Partial<Pick<GithubEnvironmentAccess, 'deployRoleName' | 'diffRoleName'>>>>;
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
  deployRef: 'refs/heads/main',
  deployWorkflows: ['.github/workflows/deploy-environment.yml', '.github/workflows/migrate.yml'],
  diffWorkflow: '.github/workflows/ci.yml',
  environments: {
    staging: { diffRoleName: 'flashcard-lms-github-diff-staging' },
  },
};

/** SSM parameter holding the last commit a rollout of the environment started with (scripts/release-order.ts). */
export function releaseCommitParameter(envName: string): string {
  return `/flashcard-lms/${envName}/release-commit`;
}

/** What an environment gets without any GitHub settings: roles and GitHub environment named after it. */
export function defaultGithubAccess(name: string): GithubEnvironmentAccess {
  return { deployRoleName: `flashcard-lms-github-deploy-${name}`, githubEnvironment: name };
}

/** Defaults from the name, then `github.environments[name]`, then the environment's own `github` field. */
export function githubAccessFor(env: { readonly name: string; readonly github?: GithubAccessOverride }, github: GithubConfig = GITHUB): GithubEnvironmentAccess {
  const defined = <T extends object>(o: T | undefined) => Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined));
  return { ...defaultGithubAccess(env.name), ...defined(github.environments[env.name]), ...defined(env.github), githubEnvironment: env.name };
}

const WORKFLOW_PATH = z.string().regex(/^\.github\/workflows\/[A-Za-z0-9._-]+\.ya?ml$/, 'must be a workflow file path such as ".github/workflows/deploy.yml"');

export const githubConfigSchema = z.strictObject({
  repository: z
    .string()
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/, 'must be "owner/name" of a GitHub repository, e.g. "flashcard-lms/flashcard-lms-infra"'),
  imageRepositoryPrefix: z.string().regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/, 'must be an ECR repository name prefix, e.g. "flashcard-lms"'),
  cdkQualifier: z.string().regex(/^[A-Za-z0-9_-]{1,10}$/, 'must be the CDK bootstrap qualifier (1-10 of letters, digits, _ and -), by default "hnb659fds"'),
  // No wildcards: the ref is matched exactly in the trust policy.
  deployRef: z.string().regex(/^refs\/heads\/[A-Za-z0-9._/-]{1,200}$/, 'must be a branch ref such as "refs/heads/main"'),
  deployWorkflows: z.array(WORKFLOW_PATH).min(1, 'needs at least one workflow file'),
  diffWorkflow: WORKFLOW_PATH,
  environments: z.record(z.string(), githubAccessOverrideSchema),
  existingOidcProviders: z
    .record(
      z.string().regex(/^\d{12}$/, 'keys must be 12-digit AWS account ids'),
      z
        .string()
        .regex(/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/, 'must be the ARN of the token.actions.githubusercontent.com OIDC provider'),
    )
    .optional(),
});

/**
 * Validates the GitHub access config against the environments being deployed; returns every
 * problem (`github.<path>: <what is allowed> (got <value>)`).
 */
export function githubConfigProblems(raw: unknown, environments: readonly EnvironmentConfig[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const parsed = githubConfigSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) problems.push({ path: `github.${path ? `${path}.` : ''}${key}`, message: 'is not a known field; remove it or check its spelling' });
      } else if (issue.code === 'invalid_key') {
        // The key is what is wrong; zod keeps the key rule's own message on the inner issue.
        problems.push({ path: `github.${path}`, value: issue.path.at(-1), message: issue.issues[0].message });
      } else {
        problems.push({ path: `github.${path}`, value: valueAt(raw, issue.path), message: issue.message });
      }
    }
    return problems;
  }
  const config = parsed.data as GithubConfig;
  const roleOwners = new Map<string, string>();
  for (const env of environments) {
    const access = githubAccessFor(env, config);
    if (env.production && access.diffRoleName !== undefined) {
      problems.push({ environment: env.name, path: 'github.diffRoleName', value: access.diffRoleName, message: 'pull requests get no access to a production account; remove it' });
    }
    for (const [field, name] of [
      ['deployRoleName', access.deployRoleName],
      ['diffRoleName', access.diffRoleName],
    ] as const) {
      if (name === undefined) continue;
      const key = `${env.account}/${name}`;
      const owner = roleOwners.get(key);
      if (owner)
        problems.push({
          environment: env.name,
          path: `github.${field}`,
          message: `role "${name}" is already used by ${owner} in account ${env.account}; role names must be unique per account`,
        });
      else roleOwners.set(key, `${env.name}.${field}`);
    }
  }
  return problems;
}
