import { readAssembly } from './assembly';
import { estimateAll } from './estimate';
import { Assumptions, PriceBook, PRICING_DIR } from './price-book';
import { Estimate } from './types';

import { summaryLine } from './report';

export { formatDiff, formatEstimate, summaryLine } from './report';
export type { Estimate } from './types';

/** Estimates every environment of the assembly in `dir` with the price files and assumptions in `pricingDir`. */
export function estimateAssembly(dir: string, pricingDir: string = PRICING_DIR): Estimate[] {
  return estimateAll(readAssembly(dir), PriceBook.fromDirectory(pricingDir), (env) => Assumptions.fromDirectory(env, pricingDir));
}

/** The one-line estimate of each environment, by name; an estimator failure becomes the line itself. */
export function costSummaries(dir: string): (environment: string) => string {
  try {
    const lines = new Map(estimateAssembly(dir).map((e) => [e.environment, summaryLine(e)]));
    return (env) => lines.get(env) ?? 'estimated cost: none';
  } catch (e) {
    return () => `estimated cost: unavailable (${e instanceof Error ? e.message : String(e)})`;
  }
}
