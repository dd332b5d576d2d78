/**
 * On-demand database migration of a deployed environment:
 *   npm run migrate -- --env <name> [--wait] [--local]
 * Through the deployed migration functions by default, or the same code run locally with
 * --local; see the README, "Database migrations".
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { DocDBClient } from '@aws-sdk/client-docdb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SNSClient } from '@aws-sdk/client-sns';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadEnvironments } from '../lib/config';
import { migrationFunctionNames } from '../lib/constructs/migration/database-migration';
import { logSink } from '../lambda/shared/log';
import { parseMigrateArgs, USAGE } from './migrate/args';
import { lambdaInvoker, runThroughLambdas } from './migrate/lambda-run';
import { runToCompletion } from './migrate/run-loop';
import { loadMigrationSettings, loadMigrationStack, migrationStackName } from './migrate/stack-settings';

/** The Provider's queryInterval in a deploy. */
const POLL_INTERVAL_MS = 30_000;

async function main(argv: readonly string[]): Promise<number> {
  const print = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  // Structured logs of the shared code go to stderr; stdout keeps the progress lines.
  logSink.write = (level, entry) => process.stderr.write(`${JSON.stringify({ level, ...entry })}\n`);
  try {
    const args = parseMigrateArgs(argv);
    if (args.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const [config] = loadEnvironments({ only: [args.env], configFile: args.configFile });
    const aws = { region: config.region, maxAttempts: 5 };
    if (!args.local) {
      const { stackId, properties } = await loadMigrationStack(new CloudFormationClient(aws), args.env);
      const functions = migrationFunctionNames(args.env);
      print(`migrating ${args.env} through ${functions.start} (image tag ${String(properties.ImageTag)})`);
      const data = await runThroughLambdas(lambdaInvoker(new LambdaClient(aws)), {
        functions,
        stackId,
        properties,
        waitForOtherRunMs: args.wait ? Number(properties.TimeoutMinutes ?? 55) * 60_000 : 0,
        pollIntervalMs: POLL_INTERVAL_MS,
        sleep: (ms) => sleep(ms),
        now: () => Date.now(),
        print,
      });
      print(`migration succeeded in ${data.DurationSeconds} s; pruned snapshots: ${data.PrunedSnapshots || 'none'}`);
      return 0;
    }
    const clients = { ecs: new ECSClient(aws), docdb: new DocDBClient(aws), cloudwatch: new CloudWatchClient(aws), sns: new SNSClient(aws) };

    const settings = await loadMigrationSettings(new CloudFormationClient(aws), args.env);
    print(`migrating ${args.env} (stack ${migrationStackName(args.env)}, image tag ${settings.imageTag}, cluster ${settings.clusterId})`);

    const result = await runToCompletion(clients, settings, {
      waitForOtherRun: args.wait,
      pollIntervalMs: POLL_INTERVAL_MS,
      sleep: (ms) => sleep(ms),
      now: () => new Date(),
      randomHex: () => randomBytes(3).toString('hex'),
      print,
    });
    print(`migration succeeded in ${result.durationSeconds} s; pruned snapshots: ${result.prunedSnapshots.length === 0 ? 'none' : result.prunedSnapshots.join(', ')}`);
    return 0;
  } catch (error) {
    process.stderr.write(`migrate: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
