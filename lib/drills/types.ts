/** Time as the runner sees it; injected so tests run the state machine without waiting. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** One look at the environment while a drill runs. */
export interface Observation {
  /** State of each watched alarm, by full name. */
  readonly alarms: Readonly<Record<string, AlarmState>>;
  /** Overall status of the public status page, when it answered. */
  readonly statusPage?: string;
  /** Every service runs its desired count of tasks. */
  readonly servicesHealthy?: boolean;
  /** Requests the traffic probe sent, and how many failed, since the last look. */
  readonly requests?: number;
  readonly failedRequests?: number;
  /** What went wrong looking (a probe that could not answer is a finding, not a crash). */
  readonly problems?: readonly string[];
}

/** What the fault reports when polled. */
export type FaultState =
  | { readonly state: 'running'; readonly detail?: string }
  | { readonly state: 'done'; readonly detail?: string }
  /** Ended early by a stop condition (FIS) or an operator. */
  | { readonly state: 'stopped'; readonly reason: string }
  | { readonly state: 'failed'; readonly reason: string };

/** The change a drill makes, and how it is undone. */
export interface Fault {
  /** Makes the change; returns what was started (experiment id, restore job ids, ...). */
  start(): Promise<string>;
  poll(): Promise<FaultState>;
  /** Restores whatever the fault changed; safe to call at any point, also after a failed start. Returns what it did. */
  cleanup(): Promise<string[]>;
}

export type Expectation =
  /** The alarm goes to ALARM within this long of the start: the fault is detected. */
  | { readonly kind: 'alarm-fires'; readonly alarm: string; readonly withinMs: number }
  /** The alarm never goes to ALARM: users did not notice, nobody was paged. */
  | { readonly kind: 'alarm-stays-ok'; readonly alarm: string }
  /** Fault over, alarms OK, services healthy and the status page operational within this long of the start. */
  | { readonly kind: 'recovers-within'; readonly withinMs: number }
  /** The traffic probe saw no failed request. */
  | { readonly kind: 'no-failed-requests' };

export interface ExpectationResult {
  readonly expectation: string;
  readonly passed: boolean;
  readonly detail: string;
}
