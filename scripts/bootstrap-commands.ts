/**
 * Prints, per account, the exact commands that bootstrap every account and region the
 * environments deploy into (their own region and the backup copy region), with the qualifier,
 * the narrower execution policy and the permissions boundary. Run as an administrator of each
 * account, in the order printed.
 *
 *   npm run bootstrap-plan                                  # built-in environments (+ cdk.json's configFile)
 *   npm run bootstrap-plan -- --config-file envs.json --env production
 *   npm run bootstrap-plan -- --write                       # rewrite bootstrap/*.json from lib/bootstrap-policy.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { executionPolicy, permissionsBoundary } from '../lib/bootstrap-policy';
import { EnvironmentConfig, loadEnvironments } from '../lib/config';
import { bootstrapTargets, EXECUTION_POLICY_NAME, PERMISSIONS_BOUNDARY_NAME } from '../lib/config/bootstrap';
import { GITHUB, GithubConfig } from '../lib/config/github';
import { configFileOfApp } from './app-config';
import { runMain } from './cli';

export const BOOTSTRAP_DIR = path.join(__dirname, '..', 'bootstrap');
export const POLICY_FILES = {
  executionPolicy: path.join(BOOTSTRAP_DIR, 'execution-policy.json'),
  permissionsBoundary: path.join(BOOTSTRAP_DIR, 'permissions-boundary.json'),
} as const;

/** The committed policy files' content, as generated. */
export function policyFileContents(): Record<keyof typeof POLICY_FILES, string> {
  return {
    executionPolicy: `${JSON.stringify(executionPolicy(), null, 2)}\n`,
    permissionsBoundary: `${JSON.stringify(permissionsBoundary(), null, 2)}\n`,
  };
}

/** Shell commands, grouped by account: create the two policies once, then bootstrap each region. */
export function bootstrapCommands(environments: readonly EnvironmentConfig[], github: GithubConfig = GITHUB): string {
  const targets = bootstrapTargets(environments);
  const accounts = [...new Set(targets.map((t) => t.account))];
  const lines: string[] = [];
  for (const account of accounts) {
    const mine = targets.filter((t) => t.account === account);
    lines.push(
      `# Account ${account} (${[...new Set(mine.flatMap((t) => t.environments))].join(', ')}): credentials of an administrator of this account`,
      // Policies are global to the account: created once, before the first region.
      `aws iam create-policy --policy-name ${EXECUTION_POLICY_NAME} --policy-document file://bootstrap/execution-policy.json`,
      `aws iam create-policy --policy-name ${PERMISSIONS_BOUNDARY_NAME} --policy-document file://bootstrap/permissions-boundary.json`,
    );
    for (const t of mine) {
      lines.push(
        `# ${t.region}: ${t.environments.join(', ')}`,
        `npx cdk bootstrap aws://${account}/${t.region} --qualifier ${github.cdkQualifier} --cloudformation-execution-policies arn:aws:iam::${account}:policy/${EXECUTION_POLICY_NAME} --custom-permissions-boundary ${PERMISSIONS_BOUNDARY_NAME} --termination-protection`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

function main(): void {
  const { values } = parseArgs({ options: { env: { type: 'string' }, 'config-file': { type: 'string' }, write: { type: 'boolean', default: false } } });
  if (values.write) {
    fs.mkdirSync(BOOTSTRAP_DIR, { recursive: true });
    const contents = policyFileContents();
    for (const key of Object.keys(POLICY_FILES) as (keyof typeof POLICY_FILES)[]) fs.writeFileSync(POLICY_FILES[key], contents[key]);
    console.log(
      `Wrote ${Object.values(POLICY_FILES)
        .map((f) => path.relative(process.cwd(), f))
        .join(', ')}`,
    );
    return;
  }
  const only = values.env
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const environments = loadEnvironments({ only, configFile: values['config-file'] ?? configFileOfApp() });
  console.log(bootstrapCommands(environments));
}

runMain(module, main);
