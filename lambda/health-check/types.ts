/** Names of the checks; they are the `Check` dimension values of the metrics. */
export type CheckName = 'ecs' | 'database' | 'cache' | 'api' | 'web';

/** What a check found when it finished on time. */
export interface CheckOutcome {
  readonly healthy: boolean;
  /** Why it is unhealthy; never holds secret values. */
  readonly reason?: string;
  /** Facts worth a look in the logs (counts, statuses, failing dependencies). */
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface CheckResult extends CheckOutcome {
  readonly check: CheckName;
  readonly latencyMs: number;
}

/** A check gets an AbortSignal that fires at its timeout, so it can drop sockets and requests. */
export type Check = (signal: AbortSignal) => Promise<CheckOutcome>;

export interface HealthReport {
  readonly environment: string;
  readonly timestamp: string;
  readonly healthy: boolean;
  /** Wall time of all checks together. */
  readonly latencyMs: number;
  readonly checks: readonly CheckResult[];
}
