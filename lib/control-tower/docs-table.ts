import { CONTROL_TOWER_ACKNOWLEDGEMENTS, ControlTowerAcknowledgement } from './acknowledgements';
import { controlTowerRules } from './rules';

/** The markdown table of docs/control-tower.md: every acknowledged control, what it covers and why. */
export function acknowledgementTable(acknowledgements: readonly ControlTowerAcknowledgement[] = CONTROL_TOWER_ACKNOWLEDGEMENTS): string {
  const titles = new Map(controlTowerRules().map((r) => [r.control, r.title]));
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return [
    '| control | requires | acknowledged on | false positive | reason |',
    '|---|---|---|---|---|',
    ...acknowledgements.map((a) => `| ${a.control} | ${cell(titles.get(a.control) ?? '')} | ${cell(a.resources)} | ${a.falsePositive ? 'yes' : 'no'} | ${cell(a.reason)} |`),
  ].join('\n');
}
