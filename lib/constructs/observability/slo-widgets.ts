import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { GITHUB } from '../../config/github';
import { BURN_RATE_RULES } from '../../config/slo';
import { SloView } from './service-level-objectives';

/** Per SLO: the error budget left and the burn rate of the alerting windows, thresholds drawn in. */
export function sloWidgets(views: readonly SloView[]): cloudwatch.IWidget[] {
  if (views.length === 0) return [];
  const width = Math.floor(24 / views.length);
  const { fast, slow, budget } = BURN_RATE_RULES;
  return [
    new cloudwatch.TextWidget({
      markdown: `## Service level objectives\nBudget left over each SLO's window; burn rate 1 spends it exactly. Pages: ${fast.factor}x (1 h and 5 min) and ${slow.factor}x (6 h and 30 min); warning: ${budget.factor}x over 3 days ([docs/slos.md](https://github.com/${GITHUB.repository}/blob/main/docs/slos.md)).`,
      width: 24,
      height: 2,
    }),
    ...views.map(
      (v) =>
        new cloudwatch.SingleValueWidget({
          title: `${v.journey.title}: ${v.journey.objective.targetPercent}% over ${v.journey.objective.windowDays} days, budget left (%)`,
          metrics: [v.budgetRemaining],
          width,
          height: 4,
        }),
    ),
    ...views.map(
      (v) =>
        new cloudwatch.GraphWidget({
          title: `${v.journey.title} burn rate`,
          left: [fast.longMinutes, slow.longMinutes, budget.longMinutes].map((m) => v.burnRate(m)),
          leftAnnotations: [
            { value: fast.factor, label: `page (${fast.factor}x)` },
            { value: slow.factor, label: `${slow.factor}x` },
            { value: budget.factor, label: 'on budget (1x)' },
          ],
          width,
          height: 6,
        }),
    ),
  ];
}
