import { DrillResult } from './runner';
import { Scenario } from './scenarios';

const minutes = (ms: number | undefined) => (ms === undefined ? 'not reached' : `${(ms / 60_000).toFixed(1)} min`);

/** The drill report as JSON: the result plus what the scenario proves. */
export function reportJson(result: DrillResult, scenario: Scenario): string {
  return `${JSON.stringify({ ...result, proves: scenario.proves }, null, 2)}\n`;
}

/** The drill report as Markdown, for the game-day log. */
export function reportMarkdown(result: DrillResult, scenario: Scenario): string {
  const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  return [
    `# Drill ${result.scenario} in ${result.env}: ${result.outcome.toUpperCase()}`,
    '',
    `${scenario.proves}`,
    '',
    `- Started ${result.startedAt}, ended ${result.endedAt}${result.started ? `; started ${result.started}` : ''}`,
    ...(result.reason ? [`- Outcome: ${result.outcome} (${result.reason})`] : [`- Outcome: ${result.outcome}`]),
    '',
    '| measure | value |',
    '|---|---|',
    `| time to detect (first watched alarm) | ${minutes(result.timeToDetectMs)} |`,
    `| time to page (first critical alarm) | ${minutes(result.timeToPageMs)} |`,
    `| fault over | ${minutes(result.faultEndedMs)} |`,
    `| time to recover | ${minutes(result.timeToRecoverMs)} |`,
    '',
    '| expectation | result | detail |',
    '|---|---|---|',
    ...result.expectations.map((e) => `| ${e.expectation} | ${pass(e.passed)} | ${e.detail} |`),
    '',
    '## Cleanup',
    '',
    ...result.cleanup.map((c) => `- ${c}`),
    '',
    '## Timeline',
    '',
    '```',
    ...result.events,
    '```',
    '',
  ].join('\n');
}
