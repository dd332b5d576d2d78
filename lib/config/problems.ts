/**
 * The one shape of a bad input, its one wording, and the one error that carries them: config
 * files, the release file, context keys and the GitHub settings all report through these.
 */

/** One problem with an input. */
export interface ConfigProblem {
  /** The environment whose config holds the bad value. @default - a problem of no one environment */
  readonly environment?: string;
  /** The file the bad value is in, when it is not an environment's config (e.g. `release.json`); named instead of the environment. @default - none */
  readonly source?: string;
  /** Dotted path of the field (`domain.apiSubdomain`); empty for the whole input. */
  readonly path: string;
  /** The value found; `undefined` reads "missing". Leave the key out where no value applies (an unknown key, an unreadable file). */
  readonly value?: unknown;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/** A value as a message shows it: JSON, cut at 80 characters; `missing` for undefined. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  // JSON.stringify gives undefined only for functions and symbols, whose String() is readable.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** `<env>: <path>: <message> (got <value>)`; the file stands for the environment where there is one. */
export function formatProblem(p: ConfigProblem): string {
  const where = p.source ?? p.environment;
  const got = 'value' in p ? ` (got ${describeValue(p.value)})` : '';
  return `${where === undefined ? '' : `${where}: `}${p.path || '(root)'}: ${p.message}${got}`;
}

/** Thrown once with every problem of every input; the CLI prints its message alone, without a stack trace. */
export class ConfigError extends Error {
  /** Each problem, formatted. */
  public readonly problems: readonly string[];

  constructor(public readonly details: readonly ConfigProblem[]) {
    const problems = details.map(formatProblem);
    super(`Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** A plain object (not null, not an array): what config JSON nests. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The input value at a problem's path, for the "(got …)" part of its message. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined), root);
}
