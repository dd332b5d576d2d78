import { DrillPlan, runDrill } from '../../lib/drills/runner';
import { FakeClock, healthy, ScriptedFault, scriptedObserve } from './fakes';

const ALARMS = ['staging-site-down', 'staging-backend-p95-latency'];
const plan = (extra: Partial<DrillPlan> = {}): DrillPlan => ({
  env: 'staging',
  scenario: 'backend-network-latency',
  watchAlarms: ALARMS,
  pagingAlarms: ['staging-site-down'],
  expectations: [
    { kind: 'alarm-stays-ok', alarm: 'staging-site-down' },
    { kind: 'alarm-fires', alarm: 'staging-backend-p95-latency', withinMs: 120_000 },
    { kind: 'recovers-within', withinMs: 300_000 },
  ],
  timeoutMs: 600_000,
  pollMs: 30_000,
  ...extra,
});
const slow = healthy(ALARMS, { alarms: { 'staging-site-down': 'OK', 'staging-backend-p95-latency': 'ALARM' }, statusPage: 'degraded' });

describe('drill state machine', () => {
  test('happy path: detects, never pages, recovers; measures each time and cleans up once', async () => {
    // GIVEN a fault that runs for three looks while latency alarms, then ends and the alarm clears
    const fault = new ScriptedFault([{ state: 'running' }, { state: 'running' }, { state: 'running' }, { state: 'done', detail: 'experiment completed' }]);
    const clock = new FakeClock();
    // WHEN the drill runs
    const result = await runDrill(plan(), { clock, fault, observe: scriptedObserve([healthy(ALARMS), healthy(ALARMS), slow, slow, slow, healthy(ALARMS)]) });
    // THEN it passes with the measured figures
    expect(result.outcome).toBe('passed');
    expect(result.timeToDetectMs).toBe(30_000);
    expect(result.timeToPageMs).toBeUndefined();
    expect(result.faultEndedMs).toBe(90_000);
    expect(result.timeToRecoverMs).toBe(120_000);
    expect(result.expectations.map((e) => [e.expectation, e.passed, e.detail])).toEqual([
      ['staging-site-down stays out of ALARM', true, 'never in ALARM'],
      ['staging-backend-p95-latency goes to ALARM within 120 s', true, 'ALARM after 30 s'],
      ['recovers within 300 s', true, 'recovered after 120 s'],
    ]);
    expect(fault.cleanedUp).toBe(1);
    expect(result.cleanup).toEqual(['undid the scripted fault']);
  });

  test('a failed expectation fails the drill and says which', async () => {
    const paged = healthy(ALARMS, { alarms: { 'staging-site-down': 'ALARM', 'staging-backend-p95-latency': 'ALARM' } });
    const fault = new ScriptedFault([{ state: 'running' }, { state: 'done' }]);
    const result = await runDrill(plan(), { clock: new FakeClock(), fault, observe: scriptedObserve([healthy(ALARMS), paged, healthy(ALARMS)]) });
    expect(result.outcome).toBe('failed');
    expect(result.reason).toBe('an expectation failed');
    expect(result.timeToPageMs).toBe(0);
    expect(result.expectations[0]).toEqual({ expectation: 'staging-site-down stays out of ALARM', passed: false, detail: 'ALARM after 0 s' });
  });

  test('refuses to start when a watched alarm is already in ALARM', async () => {
    const fault = new ScriptedFault([{ state: 'done' }]);
    const result = await runDrill(plan(), { clock: new FakeClock(), fault, observe: scriptedObserve([slow]) });
    expect(result.outcome).toBe('failed');
    expect(result.reason).toBe('not started: staging-backend-p95-latency already in ALARM; a drill needs a healthy environment');
    expect(fault.started).toBe(false);
    expect(result.expectations.every((e) => !e.passed && e.detail === 'the fault never started')).toBe(true);
  });

  test('an operator abort stops the watch and still cleans up', async () => {
    const abort = new AbortController();
    const clock = new FakeClock((sleeps) => sleeps === 2 && abort.abort());
    const fault = new ScriptedFault([{ state: 'running' }]);
    const result = await runDrill(plan(), { clock, fault, signal: abort.signal, observe: scriptedObserve([healthy(ALARMS)]) });
    expect(result.outcome).toBe('aborted');
    expect(result.reason).toBe('aborted by the operator');
    expect(fault.cleanedUp).toBe(1);
    expect(result.events.at(-1)).toBe('+60 s cleanup: undid the scripted fault');
  });

  test('a stop condition ends the drill as aborted, with cleanup', async () => {
    const fault = new ScriptedFault([{ state: 'running' }, { state: 'stopped', reason: 'experiment EXP1 stopped: stop condition staging-site-down' }]);
    const result = await runDrill(plan(), { clock: new FakeClock(), fault, observe: scriptedObserve([healthy(ALARMS)]) });
    expect(result.outcome).toBe('aborted');
    expect(result.reason).toBe('stopped early: experiment EXP1 stopped: stop condition staging-site-down');
    expect(fault.cleanedUp).toBe(1);
  });

  test('times out when recovery never comes, and cleans up', async () => {
    const fault = new ScriptedFault([{ state: 'running' }]);
    const clock = new FakeClock();
    const result = await runDrill(plan({ timeoutMs: 120_000 }), { clock, fault, observe: scriptedObserve([healthy(ALARMS), slow]) });
    expect(result.outcome).toBe('timed-out');
    expect(result.reason).toBe('not recovered within 120 s');
    expect(clock.sleeps).toBe(5);
    expect(fault.cleanedUp).toBe(1);
    expect(result.expectations[2]).toMatchObject({ passed: false, detail: 'did not recover' });
  });

  test('a failing start and a failing cleanup both end in a failed drill that says what to undo', async () => {
    const fault = new ScriptedFault([], new Error('AccessDenied: fis:StartExperiment'));
    fault.cleanup = async () => {
      throw new Error('Throttling');
    };
    const result = await runDrill(plan(), { clock: new FakeClock(), fault, observe: scriptedObserve([healthy(ALARMS)]) });
    expect(result.outcome).toBe('failed');
    expect(result.reason).toBe('drill error: AccessDenied: fis:StartExperiment');
    expect(result.cleanup).toEqual(['CLEANUP FAILED: Throttling; undo it by hand (docs/drills.md)']);
  });

  test('counts traffic failures for the no-failed-requests expectation', async () => {
    const fault = new ScriptedFault([{ state: 'done' }]);
    const result = await runDrill(plan({ expectations: [{ kind: 'no-failed-requests' }] }), {
      clock: new FakeClock(),
      fault,
      observe: scriptedObserve([healthy(ALARMS), healthy(ALARMS, { requests: 2, failedRequests: 1 }), healthy(ALARMS, { requests: 2, failedRequests: 0 })]),
    });
    expect(result.expectations).toEqual([{ expectation: 'no request fails while it runs', passed: false, detail: '1 of 4 requests failed' }]);
    // A look with failed requests is not a recovery: it came one look later.
    expect(result.timeToRecoverMs).toBe(30_000);
  });
});
