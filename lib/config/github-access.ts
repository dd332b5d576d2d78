import { z } from 'zod';

/** Every GitHub role's name starts with this, so the execution policy's denies cover it whatever config says. */
export const GITHUB_ROLE_PREFIX = 'flashcard-lms-github-';
// IAM role names are 1-64 of letters, digits and + = , . @ _ - (IAM User Guide, "IAM object quotas").
const ROLE_NAME = z
  .string()
  .regex(/^flashcard-lms-github-[\w+=,.@-]{1,43}$/, `must be an IAM role name starting with "${GITHUB_ROLE_PREFIX}", then 1-43 of letters, digits and + = , . @ _ -`);
// No IAM wildcards (* ?) may reach the trust condition.
const GITHUB_ENVIRONMENT = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be a GitHub environment name: 1-100 of letters, digits and . _ -');

/** Who may deploy one environment from GitHub Actions. */
export const githubAccessSchema = z.strictObject({
  /** IAM role the deploy, migrate and rollback jobs assume. */
  deployRoleName: ROLE_NAME,
  /** GitHub environment those jobs run in (its reviewers and branch rule guard the role). */
  githubEnvironment: GITHUB_ENVIRONMENT,
  /** Role pull requests assume for `cdk diff`; never for production. */
  diffRoleName: ROLE_NAME.optional(),
});

/**
 * The `github` field of an environment in a config file: the role names, each defaulting to
 * what `defaultGithubAccess` derives from the environment's name. The GitHub environment is
 * always the environment's name: the workflows run each job in the GitHub environment named
 * by their `environment` input.
 */
export const githubAccessOverrideSchema = githubAccessSchema.pick({ deployRoleName: true, diffRoleName: true }).partial();
export type GithubAccessOverride = z.infer<typeof githubAccessOverrideSchema>;
