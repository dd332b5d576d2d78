import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';

/** The target groups a service's traffic can be in. */
export interface ServiceTargetGroups {
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  /**
   * The second target group of ECS native deployments: each deployment moves production traffic
   * to the other group, so a metric of one group alone goes blind every other release. @default none
   */
  readonly alternateTargetGroup?: elbv2.ApplicationTargetGroup;
}

/**
 * One metric over every target group of a service: summed (counts) or the larger of them
 * (latency, unhealthy hosts). `id` keeps the expression ids unique when several are combined.
 */
export function serviceTargetMetric(
  target: ServiceTargetGroups,
  id: string,
  metricOf: (tg: elbv2.ApplicationTargetGroup) => cloudwatch.Metric,
  combine: 'sum' | 'max',
  label?: string,
): cloudwatch.IMetric {
  const primary = metricOf(target.targetGroup);
  if (!target.alternateTargetGroup) return label ? primary.with({ label }) : primary;
  const [a, b] = [`${id}Primary`, `${id}Alternate`];
  return new cloudwatch.MathExpression({
    // An idle group reports nothing; FILL keeps the other group's value.
    expression: combine === 'sum' ? `FILL(${a}, 0) + FILL(${b}, 0)` : `MAX([FILL(${a}, 0), FILL(${b}, 0)])`,
    usingMetrics: { [a]: primary, [b]: metricOf(target.alternateTargetGroup) },
    period: primary.period ?? Duration.minutes(1),
    label: label ?? primary.label,
  });
}
