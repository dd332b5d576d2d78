import { EnvironmentConfig, loadEnvironments } from '../../lib/config';
import { GITHUB, GithubConfig, githubConfigProblems } from '../../lib/config/github';

const envs = loadEnvironments();
const staging = envs.find((e) => e.name === 'staging') as EnvironmentConfig;
const production = envs.find((e) => e.name === 'production') as EnvironmentConfig;

describe('GitHub access config', () => {
  test('the committed config is valid for the built-in environments', () => {
    expect(githubConfigProblems(GITHUB, envs)).toEqual([]);
  });

  test('field problems name the field, the rule and the value', () => {
    const bad = {
      ...GITHUB,
      repository: 'flashcard-lms',
      cdkQualifier: 'way-too-long-qualifier',
      environments: { staging: { deployRoleName: 'has spaces', githubEnvironment: 'stag*' } },
      extra: true,
    };
    expect(githubConfigProblems(bad, [staging])).toEqual([
      'github.repository: must be "owner/name" of a GitHub repository, e.g. "flashcard-lms/flashcard-lms-infra" (got "flashcard-lms")',
      'github.cdkQualifier: must be the CDK bootstrap qualifier (1-10 of letters, digits, _ and -), by default "hnb659fds" (got "way-too-long-qualifier")',
      'github.environments.staging.deployRoleName: must be an IAM role name: 1-64 of letters, digits and + = , . @ _ - (got "has spaces")',
      'github.environments.staging.githubEnvironment: must be a GitHub environment name: 1-100 of letters, digits and . _ - (got "stag*")',
      'github.extra: is not a known field; remove it or check its spelling',
    ]);
  });

  test('production deploys only from the production GitHub environment and gets no pull-request role', () => {
    const bad: GithubConfig = {
      ...GITHUB,
      environments: {
        ...GITHUB.environments,
        production: { deployRoleName: 'deploy-prod', githubEnvironment: 'prod', diffRoleName: 'diff-prod' },
      },
    };
    expect(githubConfigProblems(bad, [production])).toEqual([
      'github.environments.production.githubEnvironment: a production environment deploys only from the "production" GitHub environment (required reviewers, main branch only) (got "prod")',
      'github.environments.production.diffRoleName: pull requests get no access to a production account; remove it (got "diff-prod")',
    ]);
  });

  test('every deployed environment needs access, and role names are unique per account', () => {
    const qa = { ...staging, name: 'qa' };
    const shared: GithubConfig = { ...GITHUB, environments: { staging: GITHUB.environments.staging, qa: { deployRoleName: 'flashcard-lms-github-deploy-staging', githubEnvironment: 'qa' } } };
    expect(githubConfigProblems(shared, [staging, qa, production])).toEqual([
      'github.environments.qa.deployRoleName: role "flashcard-lms-github-deploy-staging" is already used by staging.deployRoleName in account 111111111111; role names must be unique per account',
      'github.environments.production: missing; add {"deployRoleName": "flashcard-lms-github-deploy-production", "githubEnvironment": "production"} (configured: staging, qa)',
    ]);
  });
});
