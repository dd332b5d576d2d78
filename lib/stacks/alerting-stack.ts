import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../config';
import { AlarmTopics } from '../constructs/observability/alarm-topics';
import { CostGuardrails, DEFAULT_ANOMALY_THRESHOLD_USD } from '../constructs/observability/cost-guardrails';

export interface AlertingStackProps extends StackProps {
  readonly config: EnvironmentConfig;
}

/** The alarm topics every other stack publishes to; deployed first so nothing alarms into the void. */
export class AlertingStack extends Stack {
  public readonly topics: AlarmTopics;

  constructor(scope: Construct, id: string, props: AlertingStackProps) {
    super(scope, id, props);
    this.topics = new AlarmTopics(this, 'Topics', {
      envName: props.config.name,
      critical: props.config.alarms.critical,
      warning: props.config.alarms.warning,
    });
    const costs = props.config.costGuardrails;
    new CostGuardrails(this, 'CostGuardrails', {
      envName: props.config.name,
      topic: this.topics.warning,
      monthlyBudgetUsd: costs?.monthlyBudgetUsd ?? null,
      anomalyThresholdUsd: costs === undefined ? null : costs.anomalyThresholdUsd === undefined ? DEFAULT_ANOMALY_THRESHOLD_USD : costs.anomalyThresholdUsd,
    });
  }
}
