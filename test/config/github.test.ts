import { EnvironmentConfig, formatProblem, loadEnvironments } from '../../lib/config';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GITHUB, githubAccessFor, GithubConfig, githubConfigProblems } from '../../lib/config/github';

// Loaded per test, not at import: a load outside any test makes every loader mutant run all config tests.
let envs: EnvironmentConfig[];
let staging: EnvironmentConfig;
let production: EnvironmentConfig;
beforeEach(() => {
  envs = loadEnvironments();
  staging = envs.find((e) => e.name === 'staging') as EnvironmentConfig;
  production = envs.find((e) => e.name === 'production') as EnvironmentConfig;
});

describe('GitHub access config', () => {
  test('the committed config is valid for the built-in environments', () => {
    expect(githubConfigProblems(GITHUB, envs).map(formatProblem)).toEqual([]);
  });

  test('field problems name the field, the rule and the value', () => {
    const bad = {
      ...GITHUB,
      repository: 'flashcard-lms',
      cdkQualifier: 'way-too-long-qualifier',
      deployRef: 'refs/heads/*',
      deployWorkflows: ['deploy.yml'],
      environments: { staging: { deployRoleName: 'has spaces', githubEnvironment: 'stag*' } },
      extra: true,
    };
    expect(githubConfigProblems(bad, [staging]).map(formatProblem)).toEqual([
      'github.repository: must be "owner/name" of a GitHub repository, e.g. "flashcard-lms/flashcard-lms-infra" (got "flashcard-lms")',
      'github.cdkQualifier: must be the CDK bootstrap qualifier (1-10 of letters, digits, _ and -), by default "hnb659fds" (got "way-too-long-qualifier")',
      'github.deployRef: must be a branch ref such as "refs/heads/main" (got "refs/heads/*")',
      'github.deployWorkflows.0: must be a workflow file path such as ".github/workflows/deploy.yml" (got "deploy.yml")',
      'github.environments.staging.deployRoleName: must be an IAM role name starting with "flashcard-lms-github-", then 1-43 of letters, digits and + = , . @ _ - (got "has spaces")',
      'github.environments.staging.githubEnvironment: is not a known field; remove it or check its spelling',
      'github.extra: is not a known field; remove it or check its spelling',
    ]);
  });

  test('an environment without settings gets roles and a GitHub environment named after it; config overrides the role names', () => {
    expect(githubAccessFor({ name: 'perf' })).toEqual({ deployRoleName: 'flashcard-lms-github-deploy-perf', githubEnvironment: 'perf' });
    expect(githubAccessFor(staging)).toEqual({
      deployRoleName: 'flashcard-lms-github-deploy-staging',
      githubEnvironment: 'staging',
      diffRoleName: 'flashcard-lms-github-diff-staging',
    });
    expect(githubAccessFor({ name: 'staging', github: { deployRoleName: 'flashcard-lms-github-stg', diffRoleName: undefined } })).toEqual({
      deployRoleName: 'flashcard-lms-github-stg',
      githubEnvironment: 'staging',
      diffRoleName: 'flashcard-lms-github-diff-staging',
    });
  });

  test("a config file sets an environment's GitHub access, validated like the rest", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'github-'));
    const file = path.join(dir, 'envs.json');
    fs.writeFileSync(file, JSON.stringify({ environments: { qa: { extends: 'staging', github: { deployRoleName: 'qa-deployer', githubEnvironment: 'qa' } } } }));
    expect(() => loadEnvironments({ configFile: file, only: ['qa'] })).toThrow(
      'qa: github.deployRoleName: must be an IAM role name starting with "flashcard-lms-github-", then 1-43 of letters, digits and + = , . @ _ - (got "qa-deployer")',
    );
    expect(() => loadEnvironments({ configFile: file, only: ['qa'] })).toThrow('qa: github.githubEnvironment: is not a known field; remove it or check its spelling');
    fs.writeFileSync(file, JSON.stringify({ environments: { qa: { extends: 'staging', github: { deployRoleName: 'flashcard-lms-github-qa' } } } }));
    const [qa] = loadEnvironments({ configFile: file, only: ['qa'] });
    expect(githubAccessFor(qa)).toEqual({ deployRoleName: 'flashcard-lms-github-qa', githubEnvironment: 'qa' });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('production gets no pull-request role', () => {
    const bad: GithubConfig = { ...GITHUB, environments: { production: { diffRoleName: 'flashcard-lms-github-diff-prod' } } };
    expect(githubConfigProblems(bad, [production]).map(formatProblem)).toEqual([
      'production: github.diffRoleName: pull requests get no access to a production account; remove it (got "flashcard-lms-github-diff-prod")',
    ]);
  });

  test('role names are unique per account', () => {
    const qa = { ...staging, name: 'qa', github: { deployRoleName: 'flashcard-lms-github-deploy-staging' } };
    expect(githubConfigProblems(GITHUB, [staging, qa, production]).map(formatProblem)).toEqual([
      'qa: github.deployRoleName: role "flashcard-lms-github-deploy-staging" is already used by staging.deployRoleName in account 111111111111; role names must be unique per account',
    ]);
  });
});
