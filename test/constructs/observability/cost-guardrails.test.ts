import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CostGuardrails } from '../../../lib/constructs/observability/cost-guardrails';

/** GIVEN the guardrails on a bare stack with the given settings. */
function template(monthlyBudgetUsd: number | null, anomalyThresholdUsd: number | null): Template {
  const stack = new Stack(new App(), 'Alerting', { env: { account: '111111111111', region: 'eu-west-1' } });
  new CostGuardrails(stack, 'Costs', { envName: 'staging', topic: new sns.Topic(stack, 'Warning'), monthlyBudgetUsd, anomalyThresholdUsd });
  return Template.fromStack(stack);
}

test('a monthly cost budget warns the topic at 80% and 100% of the forecast', () => {
  const t = template(120, null);
  t.hasResourceProperties('AWS::Budgets::Budget', {
    Budget: { BudgetName: 'staging-flashcard-lms-monthly', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: 120, Unit: 'USD' } },
  });
  const budget: any = Object.values(t.findResources('AWS::Budgets::Budget'))[0];
  expect(budget.Properties.NotificationsWithSubscribers.map((n: any) => [n.Notification, n.Subscribers])).toEqual(
    [80, 100].map((threshold) => [
      { NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: threshold, ThresholdType: 'PERCENTAGE' },
      [{ SubscriptionType: 'SNS', Address: { Ref: expect.stringMatching(/^Warning/) } }],
    ]),
  );
  t.resourceCountIs('AWS::CE::AnomalyMonitor', 0);
});

test('anomaly detection per service notifies the topic at once from the threshold', () => {
  const t = template(null, 15);
  t.resourceCountIs('AWS::Budgets::Budget', 0);
  t.hasResourceProperties('AWS::CE::AnomalyMonitor', { MonitorName: 'staging-flashcard-lms-services', MonitorType: 'DIMENSIONAL', MonitorDimension: 'SERVICE' });
  t.hasResourceProperties('AWS::CE::AnomalySubscription', {
    Frequency: 'IMMEDIATE',
    Subscribers: [{ Type: 'SNS', Address: { Ref: Match.stringLikeRegexp('^Warning') } }],
    ThresholdExpression: JSON.stringify({ Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', MatchOptions: ['GREATER_THAN_OR_EQUAL'], Values: ['15'] } }),
  });
});

test('null turns both guardrails off', () => {
  const t = template(null, null);
  for (const type of ['AWS::Budgets::Budget', 'AWS::CE::AnomalyMonitor', 'AWS::CE::AnomalySubscription']) t.resourceCountIs(type, 0);
});
