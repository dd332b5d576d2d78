import { EnvironmentConfig } from '../../lib/config/schema';
import { describeValue, formatProblem } from '../../lib/config/problems';
import { defaultGithubAccess, GITHUB, githubAccessFor, githubConfigProblems, releaseCommitParameter } from '../../lib/config/github';

const env = (name: string, account: string, production = false, github?: object) => ({ name, account, production, github }) as unknown as EnvironmentConfig;
/** Problems of GITHUB with one field changed. */
const problems = (field: string, value: unknown): string[] => githubConfigProblems({ ...GITHUB, [field]: value }, []).map(formatProblem);

const ALLOWED = {
  repository: 'must be "owner/name" of a GitHub repository, e.g. "flashcard-lms/flashcard-lms-infra"',
  imageRepositoryPrefix: 'must be an ECR repository name prefix, e.g. "flashcard-lms"',
  cdkQualifier: 'must be the CDK bootstrap qualifier (1-10 of letters, digits, _ and -), by default "hnb659fds"',
  deployRef: 'must be a branch ref such as "refs/heads/main"',
  diffWorkflow: 'must be a workflow file path such as ".github/workflows/deploy.yml"',
} as const;

const CASES: Record<keyof typeof ALLOWED, { valid: string[]; invalid: string[] }> = {
  repository: {
    valid: ['a/b', 'A1-b/x.y_z-1', `a${'b'.repeat(38)}/c`, `a/${'n'.repeat(100)}`],
    invalid: ['-a/b', `a${'b'.repeat(39)}/c`, 'a/', `a/${'n'.repeat(101)}`, 'a/b/c', 'a_b/c', 'a/b c', ' a/b', 'a/b ', 'ab'],
  },
  imageRepositoryPrefix: {
    valid: ['flashcard-lms', 'a.b_c-d', 'team/app-1', 'team/flash-card.lms', 'a/b/c', 'a1'],
    invalid: ['Flash', '-a', 'a-', 'a/', '/a', 'a//b', 'a b', ' a', 'a '],
  },
  cdkQualifier: {
    valid: ['a', 'Ab_-9', 'q'.repeat(10)],
    invalid: ['', 'q'.repeat(11), 'a.b', ' a', 'a '],
  },
  deployRef: {
    valid: ['refs/heads/main', 'refs/heads/release/1.x_y-z', `refs/heads/${'b'.repeat(200)}`],
    invalid: ['refs/heads/', `refs/heads/${'b'.repeat(201)}`, 'refs/tags/v1', 'xrefs/heads/main', 'refs/heads/main ', 'refs/heads/ma*n', 'refs/headsXmain'],
  },
  diffWorkflow: {
    valid: ['.github/workflows/a.yml', '.github/workflows/A_b-1.c.yaml'],
    invalid: [
      '.github/workflows/a.yaml.txt',
      '.github/workflows/sub/a.yml',
      'x.github/workflows/a.yml',
      '.github/workflows/.yml',
      'agithub/workflows/a.yml',
      '.github/workflows/a.xml',
      '.github/workflows/aXyml',
    ],
  },
};

describe('GitHub settings fields', () => {
  test.each(Object.entries(CASES))('%s: what passes and what is refused', (field, { valid, invalid }) => {
    for (const value of valid) expect([value, problems(field, value)]).toEqual([value, []]);
    const message = ALLOWED[field as keyof typeof ALLOWED];
    for (const value of invalid) expect([value, problems(field, value)]).toEqual([value, [`github.${field}: ${message} (got ${describeValue(value)})`]]);
  });

  test('deploy workflows: at least one, each a workflow file', () => {
    expect(problems('deployWorkflows', [])).toEqual(['github.deployWorkflows: needs at least one workflow file (got [])']);
    expect(problems('deployWorkflows', ['.github/workflows/a.yml', 'a.yml'])).toEqual([
      'github.deployWorkflows.1: must be a workflow file path such as ".github/workflows/deploy.yml" (got "a.yml")',
    ]);
  });

  test('existing OIDC providers: 12-digit account ids to the ARN of the GitHub provider', () => {
    const arn = (account: string, partition = 'aws') => `arn:${partition}:iam::${account}:oidc-provider/token.actions.githubusercontent.com`;
    expect(problems('existingOidcProviders', { '111111111111': arn('111111111111'), '222222222222': arn('222222222222', 'aws-us-gov') })).toEqual([]);
    expect(problems('existingOidcProviders', { '1111': arn('111111111111') })).toEqual(['github.existingOidcProviders.1111: keys must be 12-digit AWS account ids (got "1111")']);
    for (const key of ['1111111111111', 'x111111111111', '111111111111x']) {
      expect(problems('existingOidcProviders', { [key]: arn('111111111111') })).toEqual([
        `github.existingOidcProviders.${key}: keys must be 12-digit AWS account ids (got "${key}")`,
      ]);
    }
    for (const bad of [
      arn('11111111111'),
      `${arn('111111111111')}/x`,
      `x${arn('111111111111')}`,
      arn('111111111111').replace('token.actions', 'tokenXactions'),
      arn('111111111111', 'aws1'),
    ]) {
      expect([bad, problems('existingOidcProviders', { '111111111111': bad })]).toEqual([
        bad,
        [`github.existingOidcProviders.111111111111: must be the ARN of the token.actions.githubusercontent.com OIDC provider (got ${JSON.stringify(bad)})`],
      ]);
    }
  });

  test('unknown fields, at the top and inside an environment, are named without a value', () => {
    expect(githubConfigProblems({ ...GITHUB, environments: { qa: { roleName: 'x' } }, extra: 1 }, [])).toEqual([
      { path: 'github.environments.qa.roleName', message: 'is not a known field; remove it or check its spelling' },
      { path: 'github.extra', message: 'is not a known field; remove it or check its spelling' },
    ]);
  });

  test('field problems stop the environment checks', () => {
    const prod = env('production', '222222222222', true, { diffRoleName: 'flashcard-lms-github-diff-prod' });
    expect(githubConfigProblems({ ...GITHUB, cdkQualifier: '' }, [prod]).map((p) => p.path)).toEqual(['github.cdkQualifier']);
    expect(githubConfigProblems(GITHUB, [prod]).map((p) => p.path)).toEqual(['github.diffRoleName']);
  });
});

describe('GitHub access per environment', () => {
  test('names derived from the environment', () => {
    expect(defaultGithubAccess('qa')).toEqual({ deployRoleName: 'flashcard-lms-github-deploy-qa', githubEnvironment: 'qa' });
    expect(releaseCommitParameter('qa')).toBe('/flashcard-lms/qa/release-commit');
  });

  test("the environment's own field beats the settings, which beat the defaults; the GitHub environment is always its name", () => {
    const github = { ...GITHUB, environments: { qa: { deployRoleName: 'flashcard-lms-github-from-settings', diffRoleName: 'flashcard-lms-github-diff-settings' } } };
    expect(githubAccessFor({ name: 'qa', github: { deployRoleName: 'flashcard-lms-github-own' } }, github)).toEqual({
      deployRoleName: 'flashcard-lms-github-own',
      diffRoleName: 'flashcard-lms-github-diff-settings',
      githubEnvironment: 'qa',
    });
    const settingsUndefined = { ...GITHUB, environments: { qa: { deployRoleName: undefined } } };
    expect(githubAccessFor({ name: 'qa' }, settingsUndefined)).toEqual({ deployRoleName: 'flashcard-lms-github-deploy-qa', githubEnvironment: 'qa' });
  });

  test('the same role name is fine in different accounts and refused twice in one, for deploy and diff roles alike', () => {
    const shared = { diffRoleName: 'flashcard-lms-github-diff-shared' };
    const envs = [env('qa', '111111111111', false, shared), env('uat', '333333333333', false, shared), env('perf', '111111111111', false, shared)];
    expect(githubConfigProblems(GITHUB, envs)).toEqual([
      {
        environment: 'perf',
        path: 'github.diffRoleName',
        message: 'role "flashcard-lms-github-diff-shared" is already used by qa.diffRoleName in account 111111111111; role names must be unique per account',
      },
    ]);
  });

  test('environments of one account without pull-request roles do not collide', () => {
    expect(githubConfigProblems(GITHUB, [env('qa', '111111111111', false), env('perf', '111111111111', false)])).toEqual([]);
  });

  test('a production environment without a pull-request role passes', () => {
    expect(githubConfigProblems(GITHUB, [env('production', '222222222222', true)])).toEqual([]);
  });
});
