import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../../lib/config';
import { GITHUB } from '../../lib/config/github';
import { parseRelease } from '../../lib/config/release';
import { configFileOfApp } from '../../scripts/app-config';
import { ciEnvironment } from '../../scripts/ci-env';
import { deploySummary } from '../../scripts/deploy-summary';

const [staging, production] = loadEnvironments();
const release = parseRelease({
  staging: { backend: 'b-1', frontend: 'f-1', notes: 'study streaks' },
  production: { backend: 'b-0', frontend: 'f-0' },
});

describe('ci-env', () => {
  test('production: its deploy role, no diff role, stacks of its stage, paging topic', () => {
    expect(ciEnvironment(production, release.production)).toEqual({
      name: 'production',
      account: '222222222222',
      region: 'eu-west-1',
      production: 'true',
      'deploy-role-arn': 'arn:aws:iam::222222222222:role/flashcard-lms-github-deploy-production',
      'drill-role-arn': 'arn:aws:iam::222222222222:role/flashcard-lms-production-drill-runner',
      'github-environment': 'production',
      stacks: 'production/*',
      'registry-stack': 'production/Registry',
      'release-commit-parameter': '/flashcard-lms/production/release-commit',
      'backend-tag': 'b-0',
      'frontend-tag': 'f-0',
      'site-url': 'https://flashcard-lms.com',
      'api-url': 'https://api.flashcard-lms.com',
      'status-url': 'https://status.flashcard-lms.com',
      'critical-topic-arn': 'arn:aws:sns:eu-west-1:222222222222:production-flashcard-lms-critical',
      'warning-topic-arn': 'arn:aws:sns:eu-west-1:222222222222:production-flashcard-lms-warning',
      'notify-topic-arn': 'arn:aws:sns:eu-west-1:222222222222:production-flashcard-lms-critical',
    });
  });

  test('staging: a diff role for pull requests, and a failed rollout warns without paging', () => {
    const out = ciEnvironment(staging, release.staging);
    expect(out['diff-role-arn']).toBe('arn:aws:iam::111111111111:role/flashcard-lms-github-diff-staging');
    expect(out['notify-topic-arn']).toBe('arn:aws:sns:eu-west-1:111111111111:staging-flashcard-lms-warning');
  });

  test('a new environment needs no code: its role and GitHub environment come from its name or its config', () => {
    const qa = ciEnvironment({ ...staging, name: 'qa' }, release.staging, GITHUB);
    expect([qa['deploy-role-arn'], qa['github-environment'], qa['diff-role-arn']]).toEqual(['arn:aws:iam::111111111111:role/flashcard-lms-github-deploy-qa', 'qa', undefined]);
    const custom = ciEnvironment({ ...staging, name: 'qa', github: { deployRoleName: 'flashcard-lms-github-qa-eu' } }, release.staging, GITHUB);
    expect([custom['deploy-role-arn'], custom['github-environment']]).toEqual(['arn:aws:iam::111111111111:role/flashcard-lms-github-qa-eu', 'qa']);
  });

  test('scripts read the configFile cdk.json gives the app, resolved against cdk.json', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdkjson-'));
    const cdkJson = path.join(dir, 'cdk.json');
    fs.writeFileSync(cdkJson, JSON.stringify({ app: 'x', context: { configFile: 'config/envs.json' } }));
    expect(configFileOfApp(cdkJson)).toBe(path.join(dir, 'config/envs.json'));
    fs.writeFileSync(cdkJson, JSON.stringify({ app: 'x', context: {} }));
    expect(configFileOfApp(cdkJson)).toBeUndefined();
    fs.writeFileSync(cdkJson, JSON.stringify({ app: 'x', context: { configFile: 3 } }));
    expect(() => configFileOfApp(cdkJson)).toThrow('cdk.json: context.configFile must be a path to a JSON config file (got 3)');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('deploy summary', () => {
  test('lists the commit, tags, notes, URLs and stack outputs', () => {
    const md = deploySummary({
      config: staging,
      release: release.staging,
      commit: 'abc123',
      outputs: { 'flashcard-lms-staging-service': { LoadBalancerDns: 'lb.example', ApiUrl: 'https://api.staging.flashcard-lms.com' } },
    });
    expect(md.split('\n')).toEqual([
      '## Deployed to staging (111111111111, eu-west-1)',
      '',
      'Commit: `abc123`',
      '',
      '| service | image tag |',
      '|---|---|',
      '| backend | `b-1` |',
      '| frontend | `f-1` |',
      '',
      'Release notes: study streaks',
      '',
      'Site: https://staging.flashcard-lms.com · API: https://api.staging.flashcard-lms.com · Status: https://status.staging.flashcard-lms.com',
      '',
      '| stack | output | value |',
      '|---|---|---|',
      '| flashcard-lms-staging-service | ApiUrl | `https://api.staging.flashcard-lms.com` |',
      '| flashcard-lms-staging-service | LoadBalancerDns | `lb.example` |',
    ]);
  });
});
