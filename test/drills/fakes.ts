import { Clock, Fault, FaultState, Observation } from '../../lib/drills/types';

/** A clock that only moves when the runner sleeps; `onSleep` lets a test change the world meanwhile. */
export class FakeClock implements Clock {
  public ms = Date.UTC(2026, 11, 1, 3, 0, 0);
  public sleeps = 0;
  constructor(private readonly onSleep: (sleeps: number) => void = () => undefined) {}
  now(): number {
    return this.ms;
  }
  async sleep(ms: number): Promise<void> {
    this.ms += ms;
    this.sleeps += 1;
    this.onSleep(this.sleeps);
  }
}

/** A fault whose poll answers come from a script; records start and cleanup. */
export class ScriptedFault implements Fault {
  public started = false;
  public cleanedUp = 0;
  private polls = 0;
  constructor(
    private readonly answers: readonly FaultState[],
    private readonly failStart?: Error,
  ) {}
  async start(): Promise<string> {
    if (this.failStart) throw this.failStart;
    this.started = true;
    return 'scripted fault';
  }
  async poll(): Promise<FaultState> {
    return this.answers[Math.min(this.polls++, this.answers.length - 1)];
  }
  async cleanup(): Promise<string[]> {
    this.cleanedUp += 1;
    return this.started ? ['undid the scripted fault'] : ['nothing to undo'];
  }
}

/** Observations in order, the last one repeated. */
export function scriptedObserve(seen: readonly Observation[]): () => Promise<Observation> {
  let i = 0;
  return async () => seen[Math.min(i++, seen.length - 1)];
}

export const healthy = (alarms: readonly string[], extra: Partial<Observation> = {}): Observation => ({
  alarms: Object.fromEntries(alarms.map((a) => [a, 'OK'])),
  statusPage: 'operational',
  servicesHealthy: true,
  ...extra,
});
