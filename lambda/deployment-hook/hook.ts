import { Logger } from '../shared/log';
import { apiHealthCheck, runSmokeTests, siteHealthCheck, SmokeCheck } from '../shared/smoke-checks';
import { HookSettings } from './settings';

/**
 * What ECS sends a lifecycle hook ("Lifecycle hooks for Amazon ECS service deployments",
 * lifecycle payloads); only the fields logged here are read.
 */
export interface LifecycleHookEvent {
  readonly serviceArn?: string;
  readonly targetServiceRevisionArn?: string;
  readonly testTrafficWeights?: Readonly<Record<string, number>>;
  readonly productionTrafficWeights?: Readonly<Record<string, number>>;
}

/** SUCCEEDED continues the deployment; FAILED rolls it back ("Lambda hooks for Amazon ECS service deployments"). */
export interface HookResult {
  readonly hookStatus: 'SUCCEEDED' | 'FAILED';
}

export interface HookDeps {
  readonly log: Logger;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

export function checkOf(settings: HookSettings): SmokeCheck {
  return settings.check === 'api' ? apiHealthCheck(settings.baseUrl) : siteHealthCheck(settings.baseUrl);
}

/**
 * Runs the service's CI smoke check through the test listener rule, which sends it to the new
 * revision only: any bad answer, error or timeout fails the hook and ECS rolls back.
 */
export async function runHook(event: LifecycleHookEvent, settings: HookSettings, deps: HookDeps): Promise<HookResult> {
  const revision = event.targetServiceRevisionArn ?? 'unknown';
  const [result] = await runSmokeTests([checkOf(settings)], {
    attempts: settings.attempts,
    timeoutMs: settings.timeoutMs,
    delayMs: settings.delayMs,
    sleep: deps.sleep,
    headers: { [settings.testHeader.name]: settings.testHeader.value },
    log: (line) => deps.log('warn', 'smoke check attempt failed', { revision, detail: line }),
  });
  if (result.ok) {
    deps.log('info', 'new revision passed the smoke check on test traffic', { revision, check: result.check.name, attempts: result.attempts });
    return { hookStatus: 'SUCCEEDED' };
  }
  deps.log('error', 'new revision failed the smoke check on test traffic; ECS rolls the deployment back', {
    revision,
    service: event.serviceArn,
    check: result.check.name,
    url: result.check.url,
    attempts: result.attempts,
    problem: result.problem,
  });
  return { hookStatus: 'FAILED' };
}
