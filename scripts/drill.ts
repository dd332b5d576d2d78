/**
 * Drills as code against a deployed environment:
 *   npm run drill -- --env <name> --scenario <name> [--dry-run]
 * Starts the scenario, watches alarms, the status page and the services, cleans up, and
 * writes a Markdown and a JSON report; see docs/drills.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BackupClient } from '@aws-sdk/client-backup';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DocDBClient } from '@aws-sdk/client-docdb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EFSClient } from '@aws-sdk/client-efs';
import { FisClient } from '@aws-sdk/client-fis';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { loadEnvironments } from '../lib/config';
import { parseDrillArgs, USAGE } from '../lib/drills/args';
import { dryRun, findScenario, runScenario } from '../lib/drills/drill';
import { fetchGet } from '../lib/drills/observe';
import { reportJson, reportMarkdown } from '../lib/drills/report';
import { systemClock } from '../lib/drills/types';
import { loadMigrationSettings } from './migrate/stack-settings';

async function main(argv: readonly string[]): Promise<number> {
  const print = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  try {
    const args = parseDrillArgs(argv);
    if (args.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const [config] = loadEnvironments({ only: [args.env], configFile: args.configFile });
    const scenario = args.scenario === undefined ? undefined : findScenario(config, args.scenario);
    if (args.dryRun || scenario === undefined) {
      process.stdout.write(`${dryRun(config, scenario)}\n`);
      return 0;
    }
    const aws = { region: config.region, maxAttempts: 5 };
    const ecs = new ECSClient(aws);
    const abort = new AbortController();
    // Ctrl-C ends the watch; cleanup still runs before the report is written.
    process.once('SIGINT', () => abort.abort());
    const runId = new Date().toISOString().replace(/[-:]/g, '').slice(0, 13).toLowerCase();
    const result = await runScenario({
      config,
      scenario,
      clients: {
        fis: new FisClient(aws),
        cloudwatch: new CloudWatchClient(aws),
        ecs,
        docdb: new DocDBClient(aws),
        backup: new BackupClient(aws),
        efs: new EFSClient(aws),
        secrets: new SecretsManagerClient(aws),
      },
      clock: systemClock,
      http: fetchGet,
      runId,
      signal: abort.signal,
      print,
      verify: async () => {
        const s = await loadMigrationSettings(new CloudFormationClient(aws), config.name);
        return {
          ecs,
          cluster: s.ecsCluster,
          taskDefinitionArn: s.taskDefinitionArn,
          containerName: s.containerName,
          subnets: s.subnets,
          securityGroups: s.securityGroups,
          command: s.verifyCommand,
        };
      },
    });
    fs.mkdirSync(args.out, { recursive: true });
    const base = path.join(args.out, `${config.name}-${scenario.name}-${runId}`);
    fs.writeFileSync(`${base}.md`, reportMarkdown(result, scenario));
    fs.writeFileSync(`${base}.json`, reportJson(result, scenario));
    print(`${result.outcome.toUpperCase()}: report in ${base}.md and ${base}.json`);
    return result.outcome === 'passed' ? 0 : 1;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
