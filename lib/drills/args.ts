export const USAGE = `Usage: npm run drill -- --env <name> --scenario <name> [--dry-run] [--out <dir>] [--config-file <file>]
Runs one drill against a deployed environment and writes its report (docs/drills.md).
  --env          environment name (built-in or from --config-file)
  --scenario     the drill; --dry-run without one lists them
  --dry-run      print the steps, the expectations and the IAM it needs; call no AWS API
  --out          directory of the reports (default: drill-reports)
  --config-file  extra or overriding environments (JSON)`;

export interface DrillArgs {
  readonly env: string;
  readonly scenario?: string;
  readonly dryRun: boolean;
  readonly out: string;
  readonly configFile?: string;
  readonly help: boolean;
}

const VALUED = ['--env', '--scenario', '--out', '--config-file'] as const;

/** Parses the drill command line; every problem in one error. */
export function parseDrillArgs(argv: readonly string[]): DrillArgs {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if ((VALUED as readonly string[]).includes(arg)) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) problems.push(`${arg} needs a value`);
      else values[arg] = value;
      i++;
    } else if (arg === '--dry-run' || arg === '--help') flags.add(arg);
    else problems.push(`unknown argument "${arg}"; allowed: ${[...VALUED, '--dry-run', '--help'].join(', ')}`);
  }
  if (!flags.has('--help')) {
    if (values['--env'] === undefined) problems.push('--env is required');
    if (values['--scenario'] === undefined && !flags.has('--dry-run')) problems.push('--scenario is required (--dry-run without it lists the scenarios)');
  }
  if (problems.length > 0) throw new Error(`${problems.join('; ')}\n${USAGE}`);
  return {
    env: values['--env'] ?? '',
    scenario: values['--scenario'],
    dryRun: flags.has('--dry-run'),
    out: values['--out'] ?? 'drill-reports',
    configFile: values['--config-file'],
    help: flags.has('--help'),
  };
}
