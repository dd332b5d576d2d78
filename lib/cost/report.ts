import { Estimate } from './types';

const usd = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const qty = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 }));
const unitUsd = (n: number) => `$${Number(n.toPrecision(4))}`;

/** One line a `npm run synth` summary can print. */
export function summaryLine(e: Estimate): string {
  const unpriced = e.unpriced.length > 0 ? `, ${e.unpriced.length} resource(s) unpriced (npm run cost)` : '';
  return `estimated cost: ${usd(e.total)}/month (on-demand list prices, stated assumptions${unpriced})`;
}

/** The per-line table of one environment, with totals, assumptions and unpriced resources (Markdown). */
export function formatEstimate(e: Estimate): string {
  const out = [`### ${e.environment}: ${usd(e.total)} a month`, '', '| line | quantity | unit | unit price | monthly USD |', '|---|---:|---|---:|---:|'];
  for (const l of e.lines) out.push(`| ${l.line} | ${qty(l.quantity)} | ${l.unit} | ${unitUsd(l.unitPrice)} | ${usd(l.monthly)} |`);
  out.push(`| **total** | | | | **${usd(e.total)}** |`, '');
  out.push('Assumptions:', ...e.assumptions.map((a) => `- ${a}`), '');
  if (e.notEstimated.length > 0) out.push('Not estimated:', ...e.notEstimated.map((a) => `- ${a}`), '');
  out.push(e.unpriced.length === 0 ? 'Unpriced: none.' : `Unpriced (${e.unpriced.length}):`);
  for (const u of e.unpriced) out.push(`- ${u.resource} (${u.type}): ${u.reason}`);
  return out.join('\n');
}

export interface LineChange {
  readonly line: string;
  readonly before: number;
  readonly after: number;
}

/** Per-line differences of one environment between two estimates (either may be missing). */
export function diffEstimates(before: Estimate | undefined, after: Estimate | undefined): LineChange[] {
  const map = new Map<string, { before: number; after: number }>();
  for (const l of before?.lines ?? []) map.set(l.line, { before: (map.get(l.line)?.before ?? 0) + l.monthly, after: 0 });
  for (const l of after?.lines ?? []) map.set(l.line, { before: map.get(l.line)?.before ?? 0, after: (map.get(l.line)?.after ?? 0) + l.monthly });
  return [...map.entries()]
    .map(([line, v]) => ({ line, ...v }))
    .filter((c) => Math.abs(c.after - c.before) >= 0.005)
    .sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before) || a.line.localeCompare(b.line));
}

const signed = (n: number) => `${n < 0 ? '-' : '+'}${usd(Math.abs(n))}`;

/** What a change adds or saves, per environment (Markdown). */
export function formatDiff(ref: string, before: readonly Estimate[], after: readonly Estimate[]): string {
  const names = [...new Set([...before, ...after].map((e) => e.environment))].sort();
  const out = [`## Cost change against ${ref}`, ''];
  for (const name of names) {
    const b = before.find((e) => e.environment === name);
    const a = after.find((e) => e.environment === name);
    const changes = diffEstimates(b, a);
    const delta = (a?.total ?? 0) - (b?.total ?? 0);
    // Account-level stacks that cost nothing on either side are noise.
    if (changes.length === 0 && (a?.total ?? 0) === 0 && (b?.total ?? 0) === 0) continue;
    out.push(`### ${name}: ${usd(b?.total ?? 0)} -> ${usd(a?.total ?? 0)} a month (${signed(delta)})`, '');
    if (changes.length === 0) {
      out.push('No change.', '');
      continue;
    }
    out.push('| line | before | after | change |', '|---|---:|---:|---:|');
    for (const c of changes) out.push(`| ${c.line} | ${usd(c.before)} | ${usd(c.after)} | ${signed(c.after - c.before)} |`);
    const newlyUnpriced = (a?.unpriced ?? []).filter((u) => !(b?.unpriced ?? []).some((x) => x.resource === u.resource && x.reason === u.reason));
    if (newlyUnpriced.length > 0) out.push('', 'Newly unpriced:', ...newlyUnpriced.map((u) => `- ${u.resource} (${u.type}): ${u.reason}`));
    out.push('');
  }
  return out.join('\n');
}
