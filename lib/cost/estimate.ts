import { isFree, NOT_ESTIMATED } from './free-types';
import { Assumptions, PriceBook } from './price-book';
import { PricedQuantity } from './pricers/context';
import { customMetrics, PRICERS } from './pricers';
import { AssemblyEnvironment, Estimate, EstimateLine, Unpriced } from './types';

// Sorting by whole cents keeps float noise (3 x 0.1) from reordering equal lines.
const cents = (usd: number) => Math.round(usd * 100);

/** The region most of the environment's stacks deploy to; lines elsewhere carry their region. */
function homeRegion(env: AssemblyEnvironment): string {
  const counts = new Map<string, number>();
  for (const s of env.stacks) counts.set(s.region, (counts.get(s.region) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '';
}

/** Prices every resource of one environment; lines are summed by name and price, sorted by monthly cost. */
export function estimateEnvironment(env: AssemblyEnvironment, prices: PriceBook, assumptions: Assumptions): Estimate {
  const home = homeRegion(env);
  const sums = new Map<string, { line: string; quantity: number; unit: string; unitPrice: number }>();
  const unpriced: Unpriced[] = [];
  const notEstimated = new Set<string>();

  const add = (q: PricedQuantity, region: string, resource: string, type: string) => {
    const found = q.priceKeys.map((k) => ({ k, p: prices.price(region, k) }));
    const missing = found.filter((f) => !f.p).map((f) => f.k);
    if (missing.length > 0) {
      unpriced.push({ resource, type, reason: `no price ${missing.map((k) => `'${k}'`).join(', ')} in pricing/${region}.json` });
      return;
    }
    const unitPrice = found.reduce((n, f) => n * f.p!.usd, 1);
    const line = region === home ? q.line : `${q.line} (${region})`;
    const key = `${line}|${unitPrice}`;
    const sum = sums.get(key) ?? { line, quantity: 0, unit: found[0].p!.per, unitPrice };
    sum.quantity += q.quantity;
    sums.set(key, sum);
  };

  for (const stack of env.stacks) {
    const hours = prices.hoursPerMonth(stack.region);
    for (const id of Object.keys(stack.resources).sort()) {
      const resource = stack.resources[id];
      const name = `${stack.stackName}/${id}`;
      const pricer = PRICERS[resource.Type];
      if (!pricer) {
        if (NOT_ESTIMATED[resource.Type]) notEstimated.add(`${resource.Type}: ${NOT_ESTIMATED[resource.Type]}`);
        else if (!isFree(resource.Type)) unpriced.push({ resource: name, type: resource.Type, reason: 'unknown resource type (neither priced nor listed free)' });
        continue;
      }
      for (const result of pricer({ id, resource, props: resource.Properties ?? {}, stack, environment: env, hours, assumptions })) {
        if ('unpriced' in result) unpriced.push({ resource: name, type: resource.Type, reason: result.unpriced });
        else add(result, result.region ?? stack.region, name, resource.Type);
      }
    }
  }
  for (const q of customMetrics(env)) if (q.quantity > 0) add(q, q.region, `${env.name} (alarms and metric filters)`, 'custom metrics');

  const lines: EstimateLine[] = [...sums.values()]
    .filter((s) => s.quantity > 0)
    .map((s) => ({ ...s, monthly: s.quantity * s.unitPrice }))
    .sort((a, b) => cents(b.monthly) - cents(a.monthly) || a.line.localeCompare(b.line));
  return {
    environment: env.name,
    lines,
    total: lines.reduce((n, l) => n + l.monthly, 0),
    unpriced: unpriced.sort((a, b) => a.resource.localeCompare(b.resource) || a.reason.localeCompare(b.reason)),
    assumptions: assumptions.list(),
    notEstimated: [...notEstimated].sort(),
  };
}

/** Estimates every environment of an assembly with the price files and assumptions given. */
export function estimateAll(envs: readonly AssemblyEnvironment[], prices: PriceBook, assumptionsFor: (env: string) => Assumptions): Estimate[] {
  return envs.map((env) => estimateEnvironment(env, prices, assumptionsFor(env.name)));
}
