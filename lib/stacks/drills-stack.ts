import { Annotations, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { drillSettings } from '../config/drills';
import { ecsClusterName } from '../constructs/service/backend-container';
import { FaultExperiments } from '../constructs/drills/fault-experiments';
import { PlatformStackProps } from './platform-stack-props';

export interface DrillsStackProps extends PlatformStackProps {
  /** Name of the backend ECS service. */
  readonly backendServiceName: string;
  /** The backend tasks carry the fault-injection sidecar. */
  readonly networkFaults: boolean;
}

/** AWS FIS experiment templates of the environment (docs/drills.md); only when `drills.enabled`. */
export class DrillsStack extends Stack {
  public readonly experiments: FaultExperiments;

  constructor(scope: Construct, id: string, props: DrillsStackProps) {
    super(scope, id, props);
    const { config } = props;
    if (!props.networkFaults)
      Annotations.of(this).addInfo('No network-fault experiments: the FIS aws:ecs:task-network-* actions need ECS Exec off (services.enableExecuteCommand: false).');
    this.experiments = new FaultExperiments(this, 'Experiments', {
      envName: config.name,
      vpc: props.vpc,
      clusterName: ecsClusterName(config.name),
      backendServiceName: props.backendServiceName,
      settings: drillSettings(config),
      networkFaults: props.networkFaults,
      cacheFaults: config.cache.multiAz,
      availabilityZone: config.availabilityZones[0],
      logsKey: props.keys.logsKey,
      logRetentionDays: config.logRetentionDays,
    });
  }
}
