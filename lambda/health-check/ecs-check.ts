import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { CheckOutcome } from './types';

/** DescribeServices accepts at most this many services per call (ECS API Reference, DescribeServices: "up to 10 services"). */
const SERVICES_PER_CALL = 10;

export interface EcsCheckSettings {
  readonly cluster: string;
  readonly services: readonly string[];
}

/** Healthy when every service runs at least its desired count and no rollout has failed. */
export async function checkEcs(ecs: Pick<ECSClient, 'send'>, settings: EcsCheckSettings, signal: AbortSignal): Promise<CheckOutcome> {
  // The number of calls is fixed before any is made (a count, not a stepping loop).
  const chunks = Array.from({ length: Math.ceil(settings.services.length / SERVICES_PER_CALL) }, (_, k) =>
    settings.services.slice(k * SERVICES_PER_CALL, (k + 1) * SERVICES_PER_CALL),
  );
  const replies = await Promise.all(chunks.map((services) => ecs.send(new DescribeServicesCommand({ cluster: settings.cluster, services }), { abortSignal: signal })));

  const problems: string[] = [];
  const services: Record<string, unknown> = {};
  for (const reply of replies) {
    for (const f of reply.failures ?? []) problems.push(`${serviceName(f.arn)}: ${f.reason ?? 'not found'}`);
    for (const s of reply.services ?? []) {
      const name = s.serviceName ?? serviceName(s.serviceArn);
      const running = s.runningCount ?? 0;
      const desired = s.desiredCount ?? 0;
      const failedRollouts = (s.deployments ?? []).filter((d) => d.rolloutState === 'FAILED');
      services[name] = { status: s.status, running, desired, failedRollouts: failedRollouts.length };
      if (s.status !== undefined && s.status !== 'ACTIVE') problems.push(`${name}: status ${s.status}`);
      if (running < desired) problems.push(`${name}: ${running} of ${desired} tasks running`);
      for (const d of failedRollouts) problems.push(`${name}: rollout failed (${d.rolloutStateReason ?? d.id ?? 'no reason given'})`);
    }
  }
  const seen = new Set(Object.keys(services));
  for (const wanted of settings.services.map(serviceName)) {
    if (!seen.has(wanted) && !problems.some((p) => p.startsWith(`${wanted}:`))) problems.push(`${wanted}: not returned by DescribeServices`);
  }
  return problems.length === 0 ? { healthy: true, details: { services } } : { healthy: false, reason: problems.join('; '), details: { services } };
}

function serviceName(arn: string | undefined): string {
  return arn?.split('/').pop() ?? 'unknown';
}
