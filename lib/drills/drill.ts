import { BackupClient } from '@aws-sdk/client-backup';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DocDBClient } from '@aws-sdk/client-docdb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EFSClient } from '@aws-sdk/client-efs';
import { FisClient } from '@aws-sdk/client-fis';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { EnvironmentConfig } from '../config';
import { resourceName, secretName, siteHosts } from '../contracts';
import { primaryVaultName } from '../stacks/backup-stack';
import { docdbFailoverFault } from './docdb-failover';
import { fisFault } from './fis-fault';
import { HttpGet, observer } from './observe';
import { drRehearsalFault, restoreTestFault, RestoreSource, VerifyTask } from './restore';
import { DrillResult, runDrill } from './runner';
import { PAGING_ALARMS, Scenario, scenarios, WATCH_IAM } from './scenarios';
import { secretRotationFault } from './secret-rotation';
import { Clock, Fault } from './types';

export interface DrillClients {
  readonly fis: FisClient;
  readonly cloudwatch: CloudWatchClient;
  readonly ecs: ECSClient;
  readonly docdb: DocDBClient;
  readonly backup: BackupClient;
  readonly efs: EFSClient;
  readonly secrets: SecretsManagerClient;
}

/** Between two looks at the environment: the alarms' own period is one minute. */
export const POLL_MS = 30_000;

/** The scenario by name, or an error listing the ones there are. */
export function findScenario(config: EnvironmentConfig, name: string): Scenario {
  const all = scenarios(config);
  const found = all.find((s) => s.name === name);
  if (!found) throw new Error(`Unknown scenario "${name}"; the drills are: ${all.map((s) => s.name).join(', ')}`);
  return found;
}

/** What `--dry-run` prints: the steps, the expectations and the IAM, without calling AWS. */
export function dryRun(config: EnvironmentConfig, scenario?: Scenario): string {
  if (!scenario)
    return [`Drills of ${config.name}:`, ...scenarios(config).map((s) => `  ${s.name.padEnd(24)} ${s.unavailable ? `(unavailable: ${s.unavailable})` : s.proves}`)].join('\n');
  const alarm = (short: string) => `${config.name}-${short}`;
  return [
    `Drill ${scenario.name} in ${config.name} (dry run: nothing is called)`,
    `Proves: ${scenario.proves}`,
    ...(scenario.unavailable ? [`UNAVAILABLE here: ${scenario.unavailable}`] : []),
    'Steps:',
    ...scenario.steps.map((s, i) => `  ${i + 1}. ${s}`),
    `Watches: ${scenario.watch.map(alarm).join(', ')}`,
    'Expectations:',
    ...scenario.expectations.map((e) => `  - ${JSON.stringify(e)}`),
    `Gives up after ${scenario.timeoutMinutes} minutes, cleaning up first.`,
    'IAM the runner needs:',
    ...[...WATCH_IAM, ...scenario.iam].map((a) => `  - ${a}`),
  ].join('\n');
}

/** The secrets rotated by the secret-rotation drill: those whose rotation the config keeps on. */
export function rotatedSecrets(config: EnvironmentConfig): string[] {
  const ids = [secretName(config.name, 'docdb-app-user')];
  if (config.services.jwtKeyRotationDays !== null) ids.unshift(secretName(config.name, 'jwt-signing-keys'));
  if (config.cache.authTokenRotationDays !== null) ids.push(secretName(config.name, 'redis-auth-token'));
  return ids;
}

export interface DrillContext {
  readonly config: EnvironmentConfig;
  readonly scenario: Scenario;
  readonly clients: DrillClients;
  readonly clock: Clock;
  readonly http: HttpGet;
  /** Unique per run: the FIS client token and the throwaway resources' names. */
  readonly runId: string;
  /** The verify task of the DR rehearsal (read from the migration stack); only that scenario needs it. */
  readonly verify?: () => Promise<VerifyTask>;
  readonly signal?: AbortSignal;
  readonly print?: (line: string) => void;
  /** @default POLL_MS */
  readonly pollMs?: number;
}

/** The change a scenario makes, built from its kind. */
export async function faultOf(ctx: DrillContext): Promise<Fault> {
  const { config, clients, scenario, runId } = ctx;
  const f = scenario.fault;
  const planName = `flashcard_lms_${config.name.replace(/-/g, '_')}`;
  const documentDb: RestoreSource = { vaultName: primaryVaultName(config.name), planName, selectionName: 'documentdb', resourceType: 'DocumentDB' };
  const throwaway = resourceName(config.name, `drill-${runId}`);
  switch (f.kind) {
    case 'fis':
      return fisFault({ fis: clients.fis, env: config.name, experiment: f.experiment, clientToken: `${config.name}-${scenario.name}-${runId}` });
    case 'docdb-failover':
      return docdbFailoverFault(clients.docdb, resourceName(config.name));
    case 'restore-test':
      return restoreTestFault(clients, { documentDb, efs: { ...documentDb, selectionName: 'uploads_efs', resourceType: 'EFS' } }, throwaway);
    case 'dr-rehearsal':
      if (!ctx.verify) throw new Error('The DR rehearsal needs the migration stack settings to run the verify command');
      return drRehearsalFault(clients, { source: documentDb, throwawayClusterId: throwaway, instanceClass: config.documentDb.instanceClass, verify: await ctx.verify() });
    case 'secret-rotation':
      return secretRotationFault(clients.secrets, rotatedSecrets(config));
  }
}

/** Runs one drill end to end; the caller writes the report. */
export async function runScenario(ctx: DrillContext): Promise<DrillResult> {
  const { config, scenario, clients } = ctx;
  if (scenario.unavailable) throw new Error(`Drill ${scenario.name} cannot run in ${config.name}: ${scenario.unavailable}`);
  const hosts = siteHosts(config.domain);
  const watch = scenario.watch.map((a) => `${config.name}-${a}`);
  return runDrill(
    {
      env: config.name,
      scenario: scenario.name,
      watchAlarms: watch,
      pagingAlarms: PAGING_ALARMS.map((a) => `${config.name}-${a}`).filter((a) => watch.includes(a)),
      expectations: scenario.expectations,
      timeoutMs: scenario.timeoutMinutes * 60_000,
      pollMs: ctx.pollMs ?? POLL_MS,
    },
    {
      clock: ctx.clock,
      fault: await faultOf(ctx),
      signal: ctx.signal,
      print: ctx.print,
      observe: observer({
        cloudwatch: clients.cloudwatch,
        ecs: clients.ecs,
        http: ctx.http,
        alarms: watch,
        cluster: resourceName(config.name),
        services: ['backend', 'frontend'],
        statusUrl: `https://${hosts.status}/status.json`,
        trafficUrls: scenario.traffic ? [`https://${hosts.api}${config.services.readinessPath}`, `https://${hosts.site}/health`] : [],
      }),
    },
  );
}
