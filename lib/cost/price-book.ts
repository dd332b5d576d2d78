import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';

/** Where price files (`<region>.json`) and `assumptions.json` live. */
export const PRICING_DIR = path.join(__dirname, '..', '..', 'pricing');

const PRICE = z.object({
  usd: z.number().nonnegative(),
  per: z.string().min(1),
  source: z.string().min(1),
  basis: z.enum(['page', 'page-us-east-1', 'readme', 'unverified']),
  check: z.string().optional(),
});

const PRICE_FILE = z.object({
  region: z.string().min(1),
  currency: z.literal('USD'),
  hoursPerMonth: z.number().positive(),
  lookedUp: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD'),
  note: z.string(),
  sources: z.record(z.string(), z.string().min(1)),
  prices: z.record(z.string(), PRICE),
});

export type PriceFile = z.infer<typeof PRICE_FILE>;

const ASSUMPTION = z.object({ value: z.union([z.number().nonnegative(), z.record(z.string(), z.number().nonnegative())]), about: z.string().min(1) });
const ASSUMPTIONS_FILE = z.object({
  note: z.string(),
  default: z.record(z.string(), ASSUMPTION),
  environments: z.record(z.string(), z.record(z.string(), ASSUMPTION)),
});
export type AssumptionsFile = z.infer<typeof ASSUMPTIONS_FILE>;

function describe(error: z.ZodError, file: string): string {
  return error.issues.map((i) => `  - ${file}: ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
}

/** Parses a price file, naming every problem; checks that every price cites a listed source. */
export function parsePriceFile(data: unknown, file: string): PriceFile {
  const parsed = PRICE_FILE.safeParse(data);
  if (!parsed.success) throw new Error(`Invalid price file:\n${describe(parsed.error, file)}`);
  const missing = Object.entries(parsed.data.prices)
    .filter(([, p]) => !(p.source in parsed.data.sources))
    .map(([k, p]) => `  - ${file}: prices.${k}.source: '${p.source}' is not a key of 'sources' (${Object.keys(parsed.data.sources).join(', ')})`);
  if (missing.length > 0) throw new Error(`Invalid price file:\n${missing.join('\n')}`);
  return parsed.data;
}

/** Parses the assumptions file, naming every problem. */
export function parseAssumptions(data: unknown, file: string): AssumptionsFile {
  const parsed = ASSUMPTIONS_FILE.safeParse(data);
  if (!parsed.success) throw new Error(`Invalid assumptions file:\n${describe(parsed.error, file)}`);
  return parsed.data;
}

/** Price files by region, read on first use; a region without a file has no prices (all its resources unpriced). */
export class PriceBook {
  private readonly cache = new Map<string, PriceFile | undefined>();

  constructor(private readonly load: (region: string) => PriceFile | undefined) {}

  /** Reads `<dir>/<region>.json`. */
  static fromDirectory(dir: string = PRICING_DIR): PriceBook {
    return new PriceBook((region) => {
      const file = path.join(dir, `${region}.json`);
      if (!fs.existsSync(file)) return undefined;
      return parsePriceFile(JSON.parse(fs.readFileSync(file, 'utf8')), path.relative(process.cwd(), file));
    });
  }

  file(region: string): PriceFile | undefined {
    if (!this.cache.has(region)) this.cache.set(region, this.load(region));
    return this.cache.get(region);
  }

  price(region: string, key: string): { usd: number; per: string } | undefined {
    return this.file(region)?.prices[key];
  }

  hoursPerMonth(region: string): number {
    return this.file(region)?.hoursPerMonth ?? 730;
  }
}

/** The assumptions of one environment (defaults with its overrides); remembers which ones were read. */
export class Assumptions {
  private readonly used = new Map<string, string>();

  constructor(private readonly values: Record<string, z.infer<typeof ASSUMPTION>>) {}

  static forEnvironment(file: AssumptionsFile, environment: string): Assumptions {
    return new Assumptions({ ...file.default, ...(file.environments[environment] ?? {}) });
  }

  static fromDirectory(environment: string, dir: string = PRICING_DIR): Assumptions {
    const file = path.join(dir, 'assumptions.json');
    return Assumptions.forEnvironment(parseAssumptions(JSON.parse(fs.readFileSync(file, 'utf8')), path.relative(process.cwd(), file)), environment);
  }

  number(name: string): number {
    const a = this.get(name);
    if (typeof a.value !== 'number') throw new Error(`Assumption '${name}' must be a number, found ${JSON.stringify(a.value)}.`);
    return a.value;
  }

  /** The value of the first key the name contains, else the fallback assumption. */
  byName(mapName: string, name: string, fallback: string): number {
    const a = this.get(mapName);
    if (typeof a.value === 'number') throw new Error(`Assumption '${mapName}' must map names to numbers, found ${a.value}.`);
    const key = Object.keys(a.value)
      .sort()
      .find((k) => name.includes(k));
    return key === undefined ? this.number(fallback) : a.value[key];
  }

  /** `name: value (about)`, sorted by name. */
  list(): string[] {
    return [...this.used.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, text]) => text);
  }

  private get(name: string): z.infer<typeof ASSUMPTION> {
    const a = this.values[name];
    if (a === undefined) throw new Error(`Assumption '${name}' is missing from pricing/assumptions.json.`);
    this.used.set(name, `${name}: ${JSON.stringify(a.value)} (${a.about})`);
    return a;
  }
}
