/**
 * Reads the string properties of a custom resource (CloudFormation passes every value as a
 * string), collects every problem and throws once naming each property, its value and what
 * is allowed.
 */
export class PropertyReader {
  private readonly problems: string[] = [];

  constructor(
    private readonly source: Readonly<Record<string, unknown>>,
    private readonly what: string,
    /** What the fields are called in the error, e.g. `fields` for an event. @default 'properties' */
    private readonly noun: string = 'properties',
  ) {}

  /** A non-empty string. */
  required(name: string): string {
    const value = this.source[name];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    this.problem(name, value, 'is required (a non-empty string)');
    return '';
  }

  /** A non-empty string, or `fallback` when absent or empty. */
  optional(name: string, fallback: string): string {
    const value = this.source[name];
    if (value === undefined || value === null || value === '') return fallback;
    if (typeof value === 'string') return value.trim();
    this.problem(name, value, 'must be a string');
    return fallback;
  }

  /** A required string that must match `pattern`; `allowed` says what matches. */
  matching(name: string, pattern: RegExp, allowed: string, fallback?: string): string {
    const value = fallback === undefined ? this.required(name) : this.optional(name, fallback);
    if (value !== '' && !pattern.test(value)) this.problem(name, value, `must be ${allowed}`);
    return value;
  }

  /** The ARN of a resource of `service` (e.g. `secretsmanager`, `sns`). */
  arn(name: string, service: string): string {
    const pattern = new RegExp(`^arn:aws[a-z-]*:${service}:[a-z0-9-]+:\\d{12}:.+$`);
    return this.matching(name, pattern, `an ARN of ${service} (arn:aws:${service}:<region>:<account>:...)`);
  }

  /** An integer in [min, max]; `fallback` when absent (required when no fallback). */
  integer(name: string, min: number, max: number, fallback?: number): number {
    const raw = this.source[name];
    if ((raw === undefined || raw === '') && fallback !== undefined) return fallback;
    const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    this.problem(name, raw, `must be an integer between ${min} and ${max}`);
    return fallback ?? min;
  }

  /** A comma-separated list with at least one item matching `pattern`. */
  list(name: string, pattern: RegExp, allowed: string): string[] {
    const items = this.required(name)
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    const bad = items.filter((item) => !pattern.test(item));
    if (items.length === 0 && this.source[name] !== undefined) this.problem(name, this.source[name], `must list at least one ${allowed}`);
    if (bad.length > 0) this.problem(name, this.source[name], `must be a comma-separated list of ${allowed} (bad: ${bad.join(', ')})`);
    return items;
  }

  /** Adds a problem found by the caller (cross-field checks). */
  problem(name: string, value: unknown, message: string): void {
    this.problems.push(`${name} ${message} (got ${describe(value)})`);
  }

  /** Throws once with every problem found so far. */
  done(): void {
    if (this.problems.length === 0) return;
    throw new Error(`Invalid ${this.what} ${this.noun}:\n${this.problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  // JSON.stringify gives undefined only for functions and symbols, whose String() is readable.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}
