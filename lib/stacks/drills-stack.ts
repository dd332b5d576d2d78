import { Annotations, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { drillSettings } from '../config/drills';
import { githubAccessFor } from '../config/github';
import { drillRunnerRoleName, grantDrillRunner } from '../constructs/drills/drill-runner-grants';
import { ecsClusterName } from '../constructs/service/backend-container';
import { FaultExperiments } from '../constructs/drills/fault-experiments';
import { PlatformStackProps } from './platform-stack-props';

export interface DrillsStackProps extends PlatformStackProps {
  /** Name of the backend ECS service. */
  readonly backendServiceName: string;
  /** The backend tasks carry the fault-injection sidecar. */
  readonly networkFaults: boolean;
}

/**
 * The drills of the environment (docs/drills.md): the role `npm run drill` runs as, and the AWS
 * FIS experiment templates, which exist only when `drills.enabled`.
 */
export class DrillsStack extends Stack {
  /** Assumed by the GitHub deploy role (role chaining in drill.yml) or an operator of the account. */
  public readonly runnerRole: iam.Role;
  public readonly experiments?: FaultExperiments;

  constructor(scope: Construct, id: string, props: DrillsStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { account, region } = Stack.of(this);
    this.runnerRole = new iam.Role(this, 'RunnerRole', {
      roleName: drillRunnerRoleName(config.name),
      assumedBy: new iam.ArnPrincipal(`arn:${this.partition}:iam::${account}:role/${githubAccessFor(config).deployRoleName}`),
      description: `Flashcard LMS ${config.name}: npm run drill (fault injection, restores, rotation drills)`,
      maxSessionDuration: Duration.hours(6),
    });
    grantDrillRunner(this.runnerRole, { account, region, name: config.name });
    new CfnOutput(this, 'DrillRunnerRoleArn', { value: this.runnerRole.roleArn });

    if (!drillSettings(config).enabled) return;
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
