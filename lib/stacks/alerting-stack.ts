import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../config';
import { AlarmTopics } from '../constructs/observability/alarm-topics';

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
  }
}
