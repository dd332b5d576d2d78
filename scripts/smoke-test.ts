/**
 * Smoke test of a deployed environment: the API health endpoint, the site's health endpoint and
 * the status page's JSON, each retried until it answers as expected or the attempts run out.
 *
 *   npx tsx scripts/smoke-test.ts --env staging
 *   npx tsx scripts/smoke-test.ts --env staging --api-url http://localhost:8000 --attempts 3
 */
import { configFileOfApp } from './app-config';
import { printReport, runMain } from './cli';
import { parseArgs } from 'util';
import { EnvironmentConfig, loadEnvironments } from '../lib/config';
import { siteHosts } from '../lib/contracts';
import { BaseUrls, checksFor, runSmokeTests, SmokeResult } from '../lambda/shared/smoke-checks';

// The checks live with the Lambdas: the deployment hook runs the same ones against the test route.
export * from '../lambda/shared/smoke-checks';

export function urlsFor(config: EnvironmentConfig): Required<BaseUrls> {
  const hosts = siteHosts(config.domain);
  return { api: `https://${hosts.api}`, site: `https://${hosts.site}`, status: `https://${hosts.status}` };
}

export function formatResults(env: string, results: readonly SmokeResult[]): string {
  const lines = [`### Smoke test: ${env}`, '', '| check | URL | result |', '|---|---|---|'];
  for (const r of results) lines.push(`| ${r.check.name} | ${r.check.url} | ${r.ok ? `ok (attempt ${r.attempts})` : `FAILED after ${r.attempts} attempt(s): ${r.problem}`} |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      env: { type: 'string' },
      'api-url': { type: 'string' },
      'site-url': { type: 'string' },
      'status-url': { type: 'string' },
      attempts: { type: 'string', default: '10' },
      'timeout-seconds': { type: 'string', default: '10' },
      'delay-seconds': { type: 'string', default: '15' },
    },
  });
  if (!values.env) throw new Error('--env is required: the environment to test, e.g. --env staging');
  const [config] = loadEnvironments({ only: [values.env], configFile: configFileOfApp() });
  const own = urlsFor(config);
  const urls = { api: values['api-url'] ?? own.api, site: values['site-url'] ?? own.site, status: values['status-url'] ?? own.status };
  const results = await runSmokeTests(checksFor(urls), {
    attempts: Number(values.attempts),
    timeoutMs: Number(values['timeout-seconds']) * 1000,
    delayMs: Number(values['delay-seconds']) * 1000,
  });
  const report = formatResults(values.env, results);
  printReport(report);
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) {
    console.error(`\nSmoke test of ${values.env} failed: ${failed.map((r) => `${r.check.name} (${r.check.url}): ${r.problem}`).join('; ')}`);
    process.exit(1);
  }
}

runMain(module, main);
