import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as ce from 'aws-cdk-lib/aws-ce';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface CostGuardrailsProps {
  /** Environment name, the prefix of the budget and monitor names. */
  readonly envName: string;
  /** Receives the budget and anomaly notifications; its policy must let budgets and costalerts publish. */
  readonly topic: sns.ITopic;
  /** Monthly cost budget (USD); null leaves the environment without one. */
  readonly monthlyBudgetUsd: number | null;
  /** Notify on a cost anomaly whose total impact reaches this (USD); null turns anomaly detection off. */
  readonly anomalyThresholdUsd: number | null;
}

/** Forecast percentages of the budget that notify the warning topic. */
export const BUDGET_ALERT_PERCENTS = [80, 100] as const;

/** Anomaly threshold (USD) when config turns the guardrails on without one. */
export const DEFAULT_ANOMALY_THRESHOLD_USD = 50;

/**
 * A monthly cost budget that warns at 80% and 100% of the forecast, and Cost Anomaly Detection
 * for the account (one environment per account here, so one monitor per account).
 */
export class CostGuardrails extends Construct {
  /** The monthly budget, when one is configured. */
  public readonly budget?: budgets.CfnBudget;
  /** The Cost Anomaly Detection monitor, when detection is on. */
  public readonly anomalyMonitor?: ce.CfnAnomalyMonitor;

  constructor(scope: Construct, id: string, props: CostGuardrailsProps) {
    super(scope, id);
    if (props.monthlyBudgetUsd !== null) {
      // "AWS::Budgets::Budget" Notification: FORECASTED, thresholdType PERCENTAGE of the limit, SNS subscribers.
      this.budget = new budgets.CfnBudget(this, 'Budget', {
        budget: {
          budgetName: `${props.envName}-flashcard-lms-monthly`,
          budgetType: 'COST',
          timeUnit: 'MONTHLY',
          budgetLimit: { amount: props.monthlyBudgetUsd, unit: 'USD' },
        },
        notificationsWithSubscribers: BUDGET_ALERT_PERCENTS.map((threshold) => ({
          notification: { notificationType: 'FORECASTED', comparisonOperator: 'GREATER_THAN', threshold, thresholdType: 'PERCENTAGE' },
          subscribers: [{ subscriptionType: 'SNS', address: props.topic.topicArn }],
        })),
      });
    }
    if (props.anomalyThresholdUsd !== null) {
      this.anomalyMonitor = new ce.CfnAnomalyMonitor(this, 'AnomalyMonitor', {
        monitorName: `${props.envName}-flashcard-lms-services`,
        monitorType: 'DIMENSIONAL',
        monitorDimension: 'SERVICE',
      });
      // SNS subscribers need IMMEDIATE ("AWS::CE::AnomalySubscription" Frequency); Threshold is deprecated.
      new ce.CfnAnomalySubscription(this, 'AnomalySubscription', {
        subscriptionName: `${props.envName}-flashcard-lms-anomalies`,
        frequency: 'IMMEDIATE',
        monitorArnList: [this.anomalyMonitor.attrMonitorArn],
        subscribers: [{ type: 'SNS', address: props.topic.topicArn }],
        thresholdExpression: JSON.stringify({
          Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', MatchOptions: ['GREATER_THAN_OR_EQUAL'], Values: [String(props.anomalyThresholdUsd)] },
        }),
      });
    }
  }
}
