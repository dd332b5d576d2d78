/**
 * Prints what a workflow needs to know about an environment, as `key=value` lines for
 * $GITHUB_OUTPUT: account, region, the role to assume, the stacks to deploy, the release's
 * image tags, URLs and alarm topics. Everything comes from the committed config (built-in
 * environments plus the `configFile` of cdk.json's context), so the repository needs no
 * per-environment variables and a new environment needs only its config entry.
 *
 *   npx tsx scripts/ci-env.ts --env staging >> "$GITHUB_OUTPUT"
 */
import { parseArgs } from 'util';
import { EnvironmentConfig, loadEnvironments } from '../lib/config';
import { GITHUB, githubAccessFor, GithubConfig, releaseCommitParameter } from '../lib/config/github';
import { configFileOfApp } from './app-config';
import { ReleaseEntry, releaseFor } from '../lib/config/release';
import { urlsFor } from './smoke-test';
import { runMain } from './cli';
import { alarmTopicName } from '../lib/contracts';
import { drillRunnerRoleName } from '../lib/constructs/drills/drill-runner-grants';

export function ciEnvironment(config: EnvironmentConfig, release: ReleaseEntry, github: GithubConfig = GITHUB): Record<string, string> {
  const access = githubAccessFor(config, github);
  const { account, region, name } = config;
  const urls = urlsFor(config);
  const topic = (severity: string) => `arn:aws:sns:${region}:${account}:${alarmTopicName(name, severity)}`;
  return {
    name,
    account,
    region,
    production: String(config.production),
    'deploy-role-arn': `arn:aws:iam::${account}:role/${access.deployRoleName}`,
    ...(access.diffRoleName ? { 'diff-role-arn': `arn:aws:iam::${account}:role/${access.diffRoleName}` } : {}),
    // drill.yml chains into it from the deploy role (docs/drills.md).
    'drill-role-arn': `arn:aws:iam::${account}:role/${drillRunnerRoleName(name)}`,
    'github-environment': access.githubEnvironment,
    // Stage construct id = environment name, so this selects every stack of the environment.
    stacks: `${name}/*`,
    // The first deploy of an environment creates only its image repositories (docs/first-deploy.md).
    'registry-stack': `${name}/Registry`,
    // The newest commit that started deploying here (scripts/release-order.ts).
    'release-commit-parameter': releaseCommitParameter(name),
    'backend-tag': release.backend,
    'frontend-tag': release.frontend,
    'site-url': urls.site,
    'api-url': urls.api,
    'status-url': urls.status,
    'critical-topic-arn': topic('critical'),
    'warning-topic-arn': topic('warning'),
    // A failed production rollout pages; a failed staging one does not.
    'notify-topic-arn': topic(config.production ? 'critical' : 'warning'),
  };
}

function main(): void {
  const { values } = parseArgs({ options: { env: { type: 'string' } } });
  if (!values.env) throw new Error('--env is required, e.g. --env staging');
  const [config] = loadEnvironments({ only: [values.env], configFile: configFileOfApp() });
  const lines = Object.entries(ciEnvironment(config, releaseFor(values.env))).map(([k, v]) => `${k}=${v}`);
  console.log(lines.join('\n'));
}

runMain(module, main);
