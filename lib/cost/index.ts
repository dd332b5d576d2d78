import { readAssembly } from './assembly';
import { estimateAll } from './estimate';
import { Assumptions, PriceBook, PRICING_DIR } from './price-book';
import { Estimate } from './types';

export { formatDiff, formatEstimate, summaryLine } from './report';
export type { Estimate } from './types';

/** Estimates every environment of the assembly in `dir` with the price files and assumptions in `pricingDir`. */
export function estimateAssembly(dir: string, pricingDir: string = PRICING_DIR): Estimate[] {
  return estimateAll(readAssembly(dir), PriceBook.fromDirectory(pricingDir), (env) => Assumptions.fromDirectory(env, pricingDir));
}
