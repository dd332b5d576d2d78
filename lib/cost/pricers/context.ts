import { Assumptions } from '../price-book';
import { AssemblyEnvironment, AssemblyStack, TemplateResource } from '../types';

/** What a pricer sees of one resource. */
export interface PricerContext {
  readonly id: string;
  readonly resource: TemplateResource;
  readonly props: Record<string, any>;
  readonly stack: AssemblyStack;
  readonly environment: AssemblyEnvironment;
  readonly hours: number;
  readonly assumptions: Assumptions;
}

/** A quantity to price: its unit price is the product of the prices named (a rate and, e.g., the Spot factor). */
export interface PricedQuantity {
  readonly line: string;
  readonly quantity: number;
  readonly priceKeys: readonly string[];
  /** Region of the price, when not the stack's (a copy to another region). */
  readonly region?: string;
}

/** A resource the pricer recognised but cannot price (an unknown class, a mode without prices). */
export interface PricerProblem {
  readonly unpriced: string;
}

export type PricerResult = PricedQuantity | PricerProblem;
export type Pricer = (ctx: PricerContext) => PricerResult[];

/** Logical id of a `Ref` or `Fn::GetAtt` in the same template, else undefined. */
export function refId(value: unknown): string | undefined {
  if (value && typeof value === 'object') {
    const v = value as Record<string, any>;
    if (typeof v.Ref === 'string') return v.Ref;
    if (Array.isArray(v['Fn::GetAtt'])) return v['Fn::GetAtt'][0];
  }
  return undefined;
}

/** Resources of a type in the stack, sorted by logical id. */
export function resourcesOfType(stack: AssemblyStack, type: string): Array<[string, TemplateResource]> {
  return Object.entries(stack.resources)
    .filter(([, r]) => r.Type === type)
    .sort(([a], [b]) => a.localeCompare(b));
}

const RUNS_PER_MONTH: Record<string, number> = { minute: 60 * 730, minutes: 60 * 730, hour: 730, hours: 730, day: 730 / 24, days: 730 / 24 };

/**
 * Runs a month of a `rate(...)` or `cron(...)` schedule expression, or undefined when it is neither.
 * Cron: six fields (minutes hours day-of-month month day-of-week year), see the EventBridge
 * "Schedule expressions for rules" page; lists and ranges are not expanded beyond counts.
 */
export function runsPerMonth(expression: unknown): number | undefined {
  if (typeof expression !== 'string') return undefined;
  const rate = /^rate\((\d+)\s+(minutes?|hours?|days?)\)$/.exec(expression.trim());
  if (rate) return RUNS_PER_MONTH[rate[2]] / Number(rate[1]);
  const cron = /^cron\((.+)\)$/.exec(expression.trim());
  if (!cron) return undefined;
  const [minutes, hours, dayOfMonth, , dayOfWeek] = cron[1].trim().split(/\s+/);
  const count = (field: string | undefined, all: number): number => {
    if (field === undefined || field === '*' || field === '?') return all;
    const step = /^(?:\*|\d+)\/(\d+)$/.exec(field);
    if (step) return Math.ceil(all / Number(step[1]));
    return field.split(',').length;
  };
  const perDay = count(minutes, 60) * count(hours, 24);
  const days =
    dayOfMonth !== '*' && dayOfMonth !== '?'
      ? count(dayOfMonth, 30.4)
      : dayOfWeek !== '*' && dayOfWeek !== '?' && dayOfWeek !== undefined
        ? (count(dayOfWeek, 7) * 30.4) / 7
        : 30.4;
  return perDay * days;
}
