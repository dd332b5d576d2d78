import { parseArgs } from 'node:util';
import { ENV_NAME, ENV_NAME_RULE } from '../../lib/contracts';

export interface MigrateArgs {
  readonly env: string;
  /** Wait for a run already in progress to end instead of failing at once. @default false */
  readonly wait: boolean;
  /** Run the steps from this machine with its own credentials instead of through the deployed functions. @default false */
  readonly local: boolean;
  /** JSON file of extra environments, as `cdk synth -c configFile=`. @default none */
  readonly configFile?: string;
  readonly help: boolean;
}

export const USAGE = `Usage: npm run migrate -- --env <name> [--wait] [--local] [--config-file <path>]

Runs the database migration of a deployed environment, as a deploy does: a DocumentDB
snapshot, the migrate task, the verify task, metrics and pruning of old snapshots.
By default it calls the environment's deployed migration functions (the caller needs only
lambda:InvokeFunction on them, as the CI deploy role has). It drives the run to its end and
exits 0 on success, 1 on failure. It migrates with the deployed backend image only: deploy
another tag to migrate with it.

  --env <name>          environment (its region comes from the environment config)
  --wait                if another migration is in progress, wait for it instead of failing
  --local               run the same steps from this machine with your own credentials
                        (ECS, DocumentDB, CloudWatch, SNS permissions needed)
  --config-file <path>  JSON file of extra environments (as cdk -c configFile=...)
  --help                this text`;

/** Parses the command line; throws with the problem and the usage. */
export function parseMigrateArgs(argv: readonly string[]): MigrateArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        env: { type: 'string' },
        wait: { type: 'boolean', default: false },
        local: { type: 'boolean', default: false },
        'config-file': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`, { cause: error });
  }
  if (values.help === true) return { env: values.env ?? '', wait: false, local: false, help: true };

  const problems: string[] = [];
  const env = values.env ?? '';
  if (env === '') problems.push('--env is required, e.g. --env staging');
  else if (!ENV_NAME.test(env)) problems.push(`--env must be an environment name: ${ENV_NAME_RULE} (got "${env}")`);
  if (problems.length > 0) throw new Error(`${problems.join('\n')}\n\n${USAGE}`);
  return { env, wait: values.wait === true, local: values.local === true, configFile: values['config-file'], help: false };
}
