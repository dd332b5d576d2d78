import { Pricer, PricerContext, PricerResult, refId, resourcesOfType, runsPerMonth } from './context';
import { canaryOnShare, serviceOnShare } from './schedules';

interface ProviderItem {
  readonly CapacityProvider: string;
  readonly Weight?: number;
  readonly Base?: number;
}

/**
 * Tasks on FARGATE and FARGATE_SPOT for a desired count (ECS API Reference, "CapacityProviderStrategyItem":
 * only one provider may set a base): the base goes first to the provider that
 * sets it, the rest is shared by weight (ECS "Capacity provider strategies"; tasks are whole, the
 * estimate uses the expected share).
 */
export function splitTasks(desired: number, strategy: readonly ProviderItem[]): { onDemand: number; spot: number } {
  if (strategy.length === 0) return { onDemand: desired, spot: 0 };
  const based = strategy.find((s) => (s.Base ?? 0) > 0);
  const base = Math.min(desired, based?.Base ?? 0);
  const rest = desired - base;
  const totalWeight = strategy.reduce((n, s) => n + (s.Weight ?? 0), 0);
  const share = (p: string) => (totalWeight === 0 ? 0 : strategy.filter((s) => s.CapacityProvider === p).reduce((n, s) => n + (s.Weight ?? 0), 0) / totalWeight);
  const spot = rest * share('FARGATE_SPOT') + (based?.CapacityProvider === 'FARGATE_SPOT' ? base : 0);
  return { onDemand: desired - spot, spot };
}

function fargateService(ctx: PricerContext): PricerResult[] {
  const { props, stack } = ctx;
  // Off-hours scheduled actions take the service to zero tasks outside its window.
  const hours = ctx.hours * serviceOnShare(stack, ctx.id, ctx.assumptions);
  const taskId = refId(props.TaskDefinition);
  const task = taskId ? stack.resources[taskId] : undefined;
  if (!task) return [{ unpriced: 'task definition is not in the same template' }];
  const strategy: ProviderItem[] = props.CapacityProviderStrategy ?? defaultStrategy(ctx);
  if (props.LaunchType && props.LaunchType !== 'FARGATE') return [{ unpriced: `launch type ${props.LaunchType} is not priced (Fargate only)` }];
  if (strategy.some((s) => !['FARGATE', 'FARGATE_SPOT'].includes(s.CapacityProvider))) return [{ unpriced: 'capacity provider other than FARGATE/FARGATE_SPOT' }];
  const t = task.Properties ?? {};
  const vcpu = Number(t.Cpu) / 1024;
  const gb = Number(t.Memory) / 1024;
  if (!(vcpu > 0) || !(gb > 0)) return [{ unpriced: `task definition ${taskId} has no task-level Cpu/Memory` }];
  const arch = t.RuntimePlatform?.CpuArchitecture ?? 'X86_64';
  const { onDemand, spot } = splitTasks(Number(props.DesiredCount ?? 1), strategy);
  const out: PricerResult[] = [];
  for (const [tasks, label, extra] of [
    [onDemand, 'on-demand', []],
    [spot, 'Spot', ['fargate.spot-factor']],
  ] as const) {
    if (tasks === 0) continue;
    out.push({ line: `Fargate vCPU-hours, ${arch} ${label}`, quantity: tasks * vcpu * hours, priceKeys: [`fargate.vcpu-hour:${arch}`, ...extra] });
    out.push({ line: `Fargate GB-hours, ${arch} ${label}`, quantity: tasks * gb * hours, priceKeys: [`fargate.gb-hour:${arch}`, ...extra] });
  }
  const ephemeral = Number(t.EphemeralStorage?.SizeInGiB ?? 20);
  if (ephemeral > 20) out.push({ line: 'Fargate ephemeral storage over 20 GB', quantity: (ephemeral - 20) * (onDemand + spot) * hours, priceKeys: ['fargate.ephemeral-gb-hour'] });
  return out;
}

/** The cluster's default strategy, when the service names none. */
function defaultStrategy({ props, stack }: PricerContext): ProviderItem[] {
  const cluster = refId(props.Cluster);
  const assoc = resourcesOfType(stack, 'AWS::ECS::ClusterCapacityProviderAssociations').find(([, r]) => refId(r.Properties?.Cluster) === cluster);
  return assoc?.[1].Properties?.DefaultCapacityProviderStrategy ?? [];
}

/** Container Insights bills its metrics as custom metrics (CloudWatch pricing, "Container Insights"). */
function containerInsights({ id, props, stack, assumptions }: PricerContext): PricerResult[] {
  const setting = (props.ClusterSettings ?? []).find((s: any) => s.Name === 'containerInsights')?.Value;
  if (setting !== 'enabled' && setting !== 'enhanced') return [];
  const perService = assumptions.number('containerInsightsMetricsPerService') * (setting === 'enhanced' ? 2 : 1);
  // Metrics are billed by the hour only while published (CloudWatch pricing: "prorated by the hour and
  // metered only when you send metrics"): a service scaled to zero off-hours publishes none.
  const serviceMonths = resourcesOfType(stack, 'AWS::ECS::Service')
    .filter(([, r]) => refId(r.Properties?.Cluster) === id)
    .reduce((sum, [serviceId]) => sum + serviceOnShare(stack, serviceId, assumptions), 0);
  return [
    {
      line: 'Container Insights metrics',
      quantity: assumptions.number('containerInsightsMetricsPerCluster') + serviceMonths * perService,
      priceKeys: ['cloudwatch.metric-month'],
    },
  ];
}

/** Invocations a month: the schedules that target the function, else the stated assumption. */
function lambdaInvocations({ id, stack, assumptions }: PricerContext): number {
  let scheduled: number | undefined;
  for (const [, rule] of resourcesOfType(stack, 'AWS::Events::Rule')) {
    const p = rule.Properties ?? {};
    if (p.State === 'DISABLED') continue;
    const runs = runsPerMonth(p.ScheduleExpression);
    if (runs !== undefined && (p.Targets ?? []).some((t: any) => refId(t.Arn) === id)) scheduled = (scheduled ?? 0) + runs;
  }
  return scheduled ?? assumptions.byName('lambdaInvocationsByFunction', id, 'lambdaInvocationsPerFunction');
}

function lambdaFunction(ctx: PricerContext): PricerResult[] {
  const { id, props, assumptions } = ctx;
  const arch = (props.Architectures ?? ['x86_64'])[0];
  const invocations = lambdaInvocations(ctx);
  const seconds = assumptions.byName('lambdaAverageMsByFunction', id, 'lambdaAverageMs') / 1000;
  const gb = Number(props.MemorySize ?? 128) / 1024;
  return [
    { line: 'Lambda requests (million)', quantity: invocations / 1e6, priceKeys: ['lambda.million-requests'] },
    { line: `Lambda compute GB-seconds, ${arch}`, quantity: invocations * seconds * gb, priceKeys: [`lambda.gb-second:${arch}`] },
  ];
}

export const COMPUTE_PRICERS: Record<string, Pricer> = {
  'AWS::ECS::Service': fargateService,
  'AWS::ECS::Cluster': containerInsights,
  'AWS::Lambda::Function': lambdaFunction,
  'AWS::StepFunctions::StateMachine': ({ props, assumptions }) =>
    (props.StateMachineType ?? 'STANDARD') === 'STANDARD'
      ? [{ line: 'Step Functions state transitions (thousand)', quantity: assumptions.number('stepFunctionsTransitions') / 1000, priceKeys: ['sfn.1k-transitions'] }]
      : [{ unpriced: `state machine type ${props.StateMachineType} is not priced` }],
  'AWS::Synthetics::Canary': ({ props, environment, assumptions }) => {
    const runs = runsPerMonth(props.Schedule?.Expression);
    return runs === undefined
      ? [{ unpriced: `canary schedule ${JSON.stringify(props.Schedule?.Expression)} not understood` }]
      : [{ line: 'Synthetics canary runs', quantity: runs * canaryOnShare(environment, props.Name, assumptions), priceKeys: ['synthetics.canary-run'] }];
  },
};
