/**
 * Reads a Lambda's settings from its environment. Every problem is collected so one failed
 * cold start names all of them; `finish` throws once with the list.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export interface IntegerRange {
  readonly min: number;
  readonly max: number;
}

export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  /** A non-empty string; `expected` says what belongs there. */
  required(name: string, expected: string): string {
    const value = this.env[name]?.trim();
    if (value === undefined || value === '') {
      this.problems.push(`${name} is not set (expected ${expected})`);
      return '';
    }
    return value;
  }

  /** A string with a default when unset or empty. */
  optional(name: string, defaultValue: string): string {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? defaultValue : value;
  }

  /** A whole number within `range`, with a default when unset or empty. */
  integer(name: string, defaultValue: number, range: IntegerRange, unit: string): number {
    const raw = this.env[name]?.trim();
    if (raw === undefined || raw === '') return defaultValue;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
      this.problems.push(`${name} is "${raw}" (expected a whole number of ${unit} from ${range.min} to ${range.max})`);
      return defaultValue;
    }
    return value;
  }

  /** A required comma-separated list of non-empty items. */
  list(name: string, expected: string): string[] {
    const raw = this.required(name, expected);
    if (raw === '') return [];
    const items = raw.split(',').map((s) => s.trim());
    if (items.some((s) => s === '')) {
      this.problems.push(`${name} is "${raw}" (expected ${expected}, without empty items)`);
    }
    return items.filter((s) => s !== '');
  }

  /** A required absolute URL whose scheme is one of `protocols` (e.g. `https:`). */
  url(name: string, protocols: readonly string[], expected: string): string {
    const raw = this.required(name, expected);
    if (raw === '') return '';
    let parsed: URL | undefined;
    try {
      parsed = new URL(raw);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || !protocols.includes(parsed.protocol)) {
      this.problems.push(`${name} is "${raw}" (expected ${expected})`);
    } else if (parsed.username !== '' || parsed.password !== '') {
      // Credentials belong in Secrets Manager, not in plain environment variables.
      this.problems.push(`${name} contains credentials (expected ${expected} without user or password)`);
    }
    return raw;
  }

  /** How many problems were found so far; lets a caller skip a cross-field rule on bad input. */
  get problemCount(): number {
    return this.problems.length;
  }

  /** Records a cross-field problem found by the caller. */
  problem(message: string): void {
    this.problems.push(message);
  }

  /** Throws one error listing every problem, if any. */
  finish(what: string): void {
    if (this.problems.length > 0) {
      throw new Error(`Invalid ${what} settings:\n - ${this.problems.join('\n - ')}`);
    }
  }
}
