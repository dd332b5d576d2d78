import { Assumptions } from '../price-book';
import { AssemblyEnvironment, AssemblyStack } from '../types';
import { resourcesOfType } from './context';

const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Days a week of a cron day-of-week field: names, lists and ranges ("MON-FRI", "MON,WED"), or "*". */
function daysOf(field: string): number | undefined {
  if (field === '*' || field === '?') return 7;
  let n = 0;
  for (const part of field.split(',')) {
    const [from, to] = part.split('-').map((d) => DAYS.indexOf(d.toUpperCase()));
    if (from < 0 || (to !== undefined && to < 0)) return undefined;
    n += to === undefined ? 1 : ((to - from + 7) % 7) + 1;
  }
  return n;
}

/** Minute of the day and days a week of `cron(M H ? * DOW *)`, the shape of a weekly schedule; else undefined. */
export function weeklyCron(expression: unknown): { minute: number; days: number } | undefined {
  const m = typeof expression === 'string' ? /^cron\((\d+) (\d+) \? \* (\S+)(?: \S+)?\)$/.exec(expression.trim()) : null;
  if (!m) return undefined;
  const days = daysOf(m[3]);
  return days === undefined ? undefined : { minute: Number(m[2]) * 60 + Number(m[1]), days };
}

/**
 * Share of the month something runs between a weekly start and stop on the same days (the
 * off-hours schedule): (stop - start + the assumed minutes a stop takes) x days a week, over the 168
 * hours of a week. Undefined when the pair is not of that shape, so the caller prices around the clock.
 */
export function onShare(start: unknown, stop: unknown, assumptions: Assumptions): number | undefined {
  const on = weeklyCron(start);
  const off = weeklyCron(stop);
  if (!on || !off || on.days !== off.days || off.minute <= on.minute) return undefined;
  const minutes = off.minute - on.minute + assumptions.number('scheduledStopMinutes');
  return Math.min(1, (on.days * minutes) / 60 / 168);
}

/** Share of the month an ECS service runs tasks: 1 unless scheduled actions take it to zero and back. */
export function serviceOnShare(stack: AssemblyStack, serviceId: string, assumptions: Assumptions): number {
  for (const [, target] of resourcesOfType(stack, 'AWS::ApplicationAutoScaling::ScalableTarget')) {
    const p = target.Properties ?? {};
    if (!JSON.stringify(p.ResourceId ?? '').includes(`"${serviceId}"`)) continue;
    const actions: any[] = p.ScheduledActions ?? [];
    const stop = actions.find((a) => a.ScalableTargetAction?.MaxCapacity === 0);
    const start = actions.find((a) => (a.ScalableTargetAction?.MinCapacity ?? 0) > 0);
    if (stop && start) return onShare(start.Schedule, stop.Schedule, assumptions) ?? 1;
  }
  return 1;
}

/**
 * Share of the month something runs that EventBridge Scheduler starts and stops through universal
 * targets (`aws-sdk:<service>:<start>` / `<stop>`) with `input[key] === value`: 1 unless both exist.
 */
function scheduledOnShare(
  environment: AssemblyEnvironment,
  target: { services: string; start: string; stop: string; key: string },
  value: unknown,
  assumptions: Assumptions,
): number {
  if (typeof value !== 'string') return 1;
  const calls: Record<string, unknown> = {};
  const pattern = new RegExp(`:aws-sdk:(?:${target.services}):(${target.start}|${target.stop})$`);
  for (const stack of environment.stacks) {
    for (const [, schedule] of resourcesOfType(stack, 'AWS::Scheduler::Schedule')) {
      const p = schedule.Properties ?? {};
      const action = pattern.exec(String(p.Target?.Arn ?? ''))?.[1];
      if (action === undefined || p.State === 'DISABLED') continue;
      try {
        if (JSON.parse(p.Target.Input)[target.key] === value) calls[action] = p.ScheduleExpression;
      } catch {
        continue;
      }
    }
  }
  return onShare(calls[target.start], calls[target.stop], assumptions) ?? 1;
}

/** Share of the month a DocumentDB cluster runs: 1 unless EventBridge Scheduler stops and starts it. */
export function clusterOnShare(environment: AssemblyEnvironment, clusterIdentifier: unknown, assumptions: Assumptions): number {
  return scheduledOnShare(environment, { services: 'docdb|rds', start: 'startDBCluster', stop: 'stopDBCluster', key: 'DBClusterIdentifier' }, clusterIdentifier, assumptions);
}

/** Share of the month a Synthetics canary runs: 1 unless EventBridge Scheduler stops and starts it. */
export function canaryOnShare(environment: AssemblyEnvironment, canaryName: unknown, assumptions: Assumptions): number {
  return scheduledOnShare(environment, { services: 'synthetics', start: 'startCanary', stop: 'stopCanary', key: 'Name' }, canaryName, assumptions);
}

/** Share of the month a log group receives logs: that of the ECS service whose containers log to it, else 1. */
export function logGroupOnShare(stack: AssemblyStack, logGroupId: string, assumptions: Assumptions): number {
  for (const [taskId, task] of resourcesOfType(stack, 'AWS::ECS::TaskDefinition')) {
    const containers: any[] = task.Properties?.ContainerDefinitions ?? [];
    if (!containers.some((c) => c.LogConfiguration?.Options?.['awslogs-group']?.Ref === logGroupId)) continue;
    const service = resourcesOfType(stack, 'AWS::ECS::Service').find(([, r]) => r.Properties?.TaskDefinition?.Ref === taskId);
    if (service) return serviceOnShare(stack, service[0], assumptions);
  }
  return 1;
}
