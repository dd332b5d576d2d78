import { Clock, Expectation, ExpectationResult, Fault, Observation } from './types';

export type DrillOutcome = 'passed' | 'failed' | 'aborted' | 'timed-out';

export interface DrillPlan {
  readonly env: string;
  readonly scenario: string;
  /** Alarms watched, by full name; any in ALARM before the start refuses the drill. */
  readonly watchAlarms: readonly string[];
  /** Of those, the ones that page (critical): their first ALARM is the time to page. */
  readonly pagingAlarms: readonly string[];
  readonly expectations: readonly Expectation[];
  /** The whole drill, fault and recovery, must end within this. */
  readonly timeoutMs: number;
  /** Between two looks at the environment. */
  readonly pollMs: number;
}

export interface DrillDeps {
  readonly clock: Clock;
  readonly fault: Fault;
  readonly observe: () => Promise<Observation>;
  /** Aborts the drill (Ctrl-C); cleanup still runs. */
  readonly signal?: AbortSignal;
  readonly print?: (line: string) => void;
}

export interface DrillResult {
  readonly env: string;
  readonly scenario: string;
  readonly outcome: DrillOutcome;
  /** Why the outcome is not "passed", or what ended the drill. */
  readonly reason?: string;
  readonly startedAt: string;
  readonly endedAt: string;
  /** From the start: first watched alarm in ALARM; first paging alarm in ALARM; fault over; everything healthy again. */
  readonly timeToDetectMs?: number;
  readonly timeToPageMs?: number;
  readonly faultEndedMs?: number;
  readonly timeToRecoverMs?: number;
  readonly started?: string;
  readonly expectations: readonly ExpectationResult[];
  readonly cleanup: readonly string[];
  /** Timeline of what was seen, relative to the start. */
  readonly events: readonly string[];
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/**
 * The drill state machine: refuse when the site is already unwell, start the fault, look at
 * the environment every `pollMs` (alarms, status page, services, traffic), note when the fault
 * is detected, pages and ends, wait for recovery, stop at the timeout or an abort, and always
 * clean up. Then judge every expectation.
 */
export async function runDrill(plan: DrillPlan, deps: DrillDeps): Promise<DrillResult> {
  const { clock, fault } = deps;
  const print = deps.print ?? (() => undefined);
  const startedAt = clock.now();
  const events: string[] = [];
  const note = (text: string) => {
    const line = `+${seconds(clock.now() - startedAt)} ${text}`;
    events.push(line);
    print(line);
  };
  const firstAlarm = new Map<string, number>();
  let requests = 0;
  let failedRequests = 0;
  let faultEndedMs: number | undefined;
  let recoveredMs: number | undefined;
  let outcome: DrillOutcome = 'passed';
  let reason: string | undefined;
  let started: string | undefined;
  const cleanup: string[] = [];

  const look = async (): Promise<Observation> => {
    const seen = await deps.observe();
    for (const problem of seen.problems ?? []) note(`probe: ${problem}`);
    for (const [alarm, state] of Object.entries(seen.alarms))
      if (state === 'ALARM' && !firstAlarm.has(alarm)) {
        firstAlarm.set(alarm, clock.now() - startedAt);
        note(`${alarm} in ALARM`);
      }
    requests += seen.requests ?? 0;
    failedRequests += seen.failedRequests ?? 0;
    return seen;
  };

  try {
    const before = await deps.observe();
    const unwell = plan.watchAlarms.filter((a) => before.alarms[a] === 'ALARM');
    if (unwell.length > 0) {
      outcome = 'failed';
      reason = `not started: ${unwell.join(', ')} already in ALARM; a drill needs a healthy environment`;
      note(reason);
    } else {
      started = await fault.start();
      note(`started ${started}`);
      for (;;) {
        if (deps.signal?.aborted) {
          outcome = 'aborted';
          reason = 'aborted by the operator';
          break;
        }
        if (clock.now() - startedAt > plan.timeoutMs) {
          outcome = 'timed-out';
          reason = `not recovered within ${seconds(plan.timeoutMs)}`;
          break;
        }
        const seen = await look();
        if (faultEndedMs === undefined) {
          const state = await fault.poll();
          if (state.state === 'done') {
            faultEndedMs = clock.now() - startedAt;
            note(`fault over${state.detail ? `: ${state.detail}` : ''}`);
          } else if (state.state === 'stopped') {
            outcome = 'aborted';
            reason = `stopped early: ${state.reason}`;
            break;
          } else if (state.state === 'failed') {
            outcome = 'failed';
            reason = `fault failed: ${state.reason}`;
            break;
          }
        }
        const healthy =
          plan.watchAlarms.every((a) => seen.alarms[a] !== 'ALARM') &&
          seen.servicesHealthy !== false &&
          (seen.statusPage === undefined || seen.statusPage === 'operational') &&
          (seen.failedRequests ?? 0) === 0;
        if (faultEndedMs !== undefined && healthy) {
          recoveredMs = clock.now() - startedAt;
          note('recovered: alarms OK, services at their desired count, status page operational, no failed request');
          break;
        }
        await clock.sleep(plan.pollMs);
      }
      if (reason) note(reason);
    }
  } catch (e) {
    outcome = 'failed';
    reason = `drill error: ${errorText(e)}`;
    note(reason);
  } finally {
    try {
      cleanup.push(...(await fault.cleanup()));
    } catch (e) {
      outcome = 'failed';
      cleanup.push(`CLEANUP FAILED: ${errorText(e)}; undo it by hand (docs/drills.md)`);
    }
    for (const line of cleanup) note(`cleanup: ${line}`);
  }

  const firstOf = (alarms: readonly string[]) => {
    const times = alarms.map((a) => firstAlarm.get(a)).filter((t): t is number => t !== undefined);
    return times.length > 0 ? Math.min(...times) : undefined;
  };
  const ran = started !== undefined;
  const expectations = plan.expectations.map((e) => judge(e, { ran, firstAlarm, recoveredMs, requests, failedRequests }));
  if (outcome === 'passed' && expectations.some((e) => !e.passed)) {
    outcome = 'failed';
    reason = 'an expectation failed';
  }
  return {
    env: plan.env,
    scenario: plan.scenario,
    outcome,
    reason,
    startedAt: new Date(startedAt).toISOString(),
    endedAt: new Date(clock.now()).toISOString(),
    timeToDetectMs: firstOf(plan.watchAlarms),
    timeToPageMs: firstOf(plan.pagingAlarms),
    faultEndedMs,
    timeToRecoverMs: recoveredMs,
    started,
    expectations,
    cleanup,
    events,
  };
}

interface Seen {
  readonly ran: boolean;
  readonly firstAlarm: ReadonlyMap<string, number>;
  readonly recoveredMs?: number;
  readonly requests: number;
  readonly failedRequests: number;
}

function judge(e: Expectation, seen: Seen): ExpectationResult {
  const notRun = { passed: false, detail: 'the fault never started' };
  switch (e.kind) {
    case 'alarm-fires': {
      const at = seen.firstAlarm.get(e.alarm);
      const expectation = `${e.alarm} goes to ALARM within ${seconds(e.withinMs)}`;
      if (!seen.ran) return { expectation, ...notRun };
      return at !== undefined && at <= e.withinMs
        ? { expectation, passed: true, detail: `ALARM after ${seconds(at)}` }
        : { expectation, passed: false, detail: at === undefined ? 'never went to ALARM' : `ALARM only after ${seconds(at)}` };
    }
    case 'alarm-stays-ok': {
      const at = seen.firstAlarm.get(e.alarm);
      const expectation = `${e.alarm} stays out of ALARM`;
      if (!seen.ran) return { expectation, ...notRun };
      return at === undefined ? { expectation, passed: true, detail: 'never in ALARM' } : { expectation, passed: false, detail: `ALARM after ${seconds(at)}` };
    }
    case 'recovers-within': {
      const expectation = `recovers within ${seconds(e.withinMs)}`;
      if (!seen.ran) return { expectation, ...notRun };
      return seen.recoveredMs !== undefined && seen.recoveredMs <= e.withinMs
        ? { expectation, passed: true, detail: `recovered after ${seconds(seen.recoveredMs)}` }
        : { expectation, passed: false, detail: seen.recoveredMs === undefined ? 'did not recover' : `recovered only after ${seconds(seen.recoveredMs)}` };
    }
    case 'no-failed-requests': {
      const expectation = 'no request fails while it runs';
      if (!seen.ran) return { expectation, ...notRun };
      if (seen.requests === 0) return { expectation, passed: false, detail: 'no request was sent' };
      return seen.failedRequests === 0
        ? { expectation, passed: true, detail: `${seen.requests} requests, none failed` }
        : { expectation, passed: false, detail: `${seen.failedRequests} of ${seen.requests} requests failed` };
    }
  }
}
