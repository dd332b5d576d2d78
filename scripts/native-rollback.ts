/**
 * Native rollback: while a blue/green, canary or linear deployment is still shifting or baking,
 * the old revision still runs, and ECS puts traffic back on it in about a minute
 * (StopServiceDeployment, stopType ROLLBACK: "Stopping Amazon ECS service deployments"). Faster
 * than deploying the previous release again; after the bake time the old tasks are gone and only
 * that redeploy helps. Prints what it did; exits 0 with "none" when nothing was in progress.
 *
 *   npx tsx scripts/native-rollback.ts --env production
 */
import { ECSClient, ListServiceDeploymentsCommand, ServiceDeploymentStatus, StopServiceDeploymentCommand } from '@aws-sdk/client-ecs';
import { parseArgs } from 'util';
import { loadEnvironments } from '../lib/config';
import { ecsClusterName } from '../lib/contracts';
import { configFileOfApp } from './app-config';
import { printReport, runMain } from './cli';

/** Deployments ECS can still roll back (the states StopServiceDeployment accepts to start one). */
export const ROLLBACK_CANDIDATES: ServiceDeploymentStatus[] = ['PENDING', 'IN_PROGRESS'];
export const SERVICES = ['backend', 'frontend'] as const;

export interface NativeRollbackResult {
  readonly service: string;
  /** The deployment rolled back, when one was in progress. */
  readonly deploymentArn?: string;
}

/** Rolls back every in-progress deployment of the environment's services; returns one result per service. */
export async function rollBackInProgress(ecs: Pick<ECSClient, 'send'>, cluster: string): Promise<NativeRollbackResult[]> {
  const results: NativeRollbackResult[] = [];
  for (const service of SERVICES) {
    const listed = await ecs.send(new ListServiceDeploymentsCommand({ cluster, service, status: ROLLBACK_CANDIDATES }));
    const deployments = listed.serviceDeployments ?? [];
    for (const d of deployments) {
      await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: d.serviceDeploymentArn, stopType: 'ROLLBACK' }));
    }
    results.push({ service, deploymentArn: deployments[0]?.serviceDeploymentArn });
  }
  return results;
}

export function formatNativeRollback(env: string, results: readonly NativeRollbackResult[]): string {
  const lines = [`### Native rollback: ${env}`, '', '| service | deployment rolled back |', '|---|---|'];
  for (const r of results) lines.push(`| ${r.service} | ${r.deploymentArn ?? 'none in progress'} |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { env: { type: 'string' } } });
  if (!values.env) throw new Error('--env is required: the environment to roll back, e.g. --env production');
  const [config] = loadEnvironments({ only: [values.env], configFile: configFileOfApp() });
  const results = await rollBackInProgress(new ECSClient({ region: config.region }), ecsClusterName(config.name));
  printReport(formatNativeRollback(config.name, results));
  // For the workflow: whether a redeploy of the previous release is still needed.
  console.log(`rolled-back=${results.some((r) => r.deploymentArn) ? 'true' : 'false'}`);
}

runMain(module, main);
