import { AspectPriority, Aspects, CfnElement, Duration, IAspect, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { acknowledge } from '../../nag';
import { AlarmFactory } from '../observability/alarm-factory';
import { encryptedLogGroup } from '../shared/encrypted-log-group';
import { hardenedTask } from '../shared/hardened-task';
import { SUBNETS } from '../network/network';
import { allowUploadsClient } from '../data/uploads-file-system';
import { allowHttpsOut } from '../shared/cross-stack-ingress';
import { logGroupName as logGroupNameOf } from '../../contracts';
import { DEPLOYMENT_ALARM_WINDOWS, ServiceDeliveryOptions, strategyProps } from '../delivery/deployment-strategy';
import { ServiceTraffic } from '../delivery/service-traffic';
import { serviceTargetMetric } from '../observability/service-target-metrics';
import { OffHoursWindow } from '../../config/off-hours';
import { scaleOffHours } from './off-hours-scaling';

/** Task and scaling sizes of one service (validated in config). */
export interface ServiceSizing {
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly desiredCount: number;
  readonly minCount: number;
  readonly maxCount: number;
  readonly targetCpuPercent: number;
  readonly targetRequestsPerTarget: number;
}

export interface UploadsMount {
  readonly fileSystem: efs.IFileSystem;
  readonly accessPoint: efs.IAccessPoint;
  readonly containerPath: string;
}

export interface FargateAppServiceProps {
  /** Environment name: prefixes the alarm names and the log group path. */
  readonly envName: string;
  /** `backend` or `frontend`: names the service, its container and its alarms. */
  readonly serviceName: string;
  readonly cluster: ecs.ICluster;
  /** VPC whose private subnets the tasks run in. */
  readonly vpc: ec2.IVpc;
  readonly image: ecs.ContainerImage;
  readonly sizing: ServiceSizing;
  readonly cpuArchitecture: ecs.CpuArchitecture;
  /** Fargate / Fargate Spot mix. */
  readonly capacityProviders: readonly ecs.CapacityProviderStrategy[];
  /** Port the container listens on and the target group forwards to. */
  readonly containerPort: number;
  /** uid[:gid] the container runs as; never root. */
  readonly user: string;
  /** Non-secret environment variables of the container. */
  readonly environment: Record<string, string>;
  /** Secrets injected as environment variables by ECS. @default none */
  readonly secrets?: Record<string, ecs.Secret>;
  /** Shell command of the container health check (CMD-SHELL). */
  readonly healthCheckCommand: string;
  /** Writable scratch directories on an otherwise read-only root file system. */
  readonly scratchPaths: readonly string[];
  /** EFS uploads mounted in the container. @default no uploads mount */
  readonly uploads?: UploadsMount;
  /** Namespaced kernel parameters, e.g. to let a non-root process bind port 80. @default none */
  readonly systemControls?: readonly ecs.SystemControl[];
  /** Key of the log group. */
  readonly logsKey: kms.IKey;
  /** Retention of the log group, in days. */
  readonly logRetentionDays: number;
  /** ECS Exec into running tasks. */
  readonly enableExecuteCommand: boolean;
  /** Log group of ECS Exec sessions, when exec is on. @default none */
  readonly execLogGroup?: logs.LogGroup;
  /** Path the load balancer probes; a failing target takes no traffic. */
  readonly readinessPath: string;
  /** Listener and host names that route to this service. */
  readonly listener: elbv2.ApplicationListener;
  readonly hostHeaders: readonly string[];
  readonly listenerPriority: number;
  /** Makes the deployment alarms (warning: ECS rolls back by itself). */
  readonly alarms: AlarmFactory;
  /** Deployment strategy, rollback threshold and lifecycle hook (docs/progressive-delivery.md). */
  readonly delivery: ServiceDeliveryOptions;
  /** Working hours: outside them the service scales to zero (docs/off-hours.md). @default always on */
  readonly offHours?: OffHoursWindow;
}

/**
 * Writable directories the SSM agent of ECS Exec needs on a read-only root file system: without
 * them the agent cannot start and `execute-command` fails. ECS Exec supports read-only root
 * file systems only with these mounted (aws/containers-roadmap#1359,
 * aws-containers/amazon-ecs-exec-checker#21).
 */
export const ECS_EXEC_AGENT_PATHS: readonly string[] = ['/var/lib/amazon', '/var/log/amazon'];

/**
 * One LMS container on Fargate behind the ALB: hardened task (non-root, read-only root FS,
 * init process, no privileges), container and target-group health checks, zero-downtime
 * rolling deploys with circuit breaker and alarm rollback, and target-tracking autoscaling.
 */
export class FargateAppService extends Construct {
  public readonly service: ecs.FargateService;
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  public readonly container: ecs.ContainerDefinition;
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** Where ECS starts the next revision (blue/green, canary, linear); production traffic alternates between the two. */
  public readonly alternateTargetGroup: elbv2.ApplicationTargetGroup;
  /** Production and test listener rules, and the role ECS moves traffic with. */
  public readonly traffic: ServiceTraffic;
  public readonly logGroup: logs.LogGroup;
  public readonly securityGroup: ec2.SecurityGroup;
  /** Alarms that roll a deployment back: 5xx from targets, unhealthy targets, p95 latency. */
  public readonly deploymentAlarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: FargateAppServiceProps) {
    super(scope, id);
    const name = `${props.envName}-${props.serviceName}`;

    const logGroupName = logGroupNameOf(props.envName, props.serviceName);
    this.logGroup = encryptedLogGroup(this, 'LogGroup', {
      logGroupName,
      encryptionKey: props.logsKey,
      retentionDays: props.logRetentionDays,
    });

    ({ taskDefinition: this.taskDefinition, container: this.container } = hardenedTask(this, {
      family: name,
      cpu: props.sizing.cpu,
      memoryMiB: props.sizing.memoryMiB,
      cpuArchitecture: props.cpuArchitecture,
      user: props.user,
      scratchPaths: [...props.scratchPaths, ...(props.enableExecuteCommand ? ECS_EXEC_AGENT_PATHS : [])],
      container: {
        containerName: props.serviceName,
        image: props.image,
        systemControls: props.systemControls ? [...props.systemControls] : undefined,
        portMappings: [{ containerPort: props.containerPort, protocol: ecs.Protocol.TCP }],
        environment: props.environment,
        secrets: props.secrets,
        logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: props.serviceName, mode: ecs.AwsLogDriverMode.NON_BLOCKING }),
        healthCheck: {
          command: ['CMD-SHELL', props.healthCheckCommand],
          interval: Duration.seconds(15),
          timeout: Duration.seconds(5),
          retries: 3,
          startPeriod: Duration.seconds(30),
        },
        stopTimeout: Duration.seconds(30),
      },
    }));

    if (props.uploads) this.mountUploads(props.uploads);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${name} tasks: ingress from the load balancer only`,
      // HTTPS for AWS APIs and Sentry; data-tier ports are added per client (allowIngressFromClient).
      allowAllOutbound: false,
    });
    allowHttpsOut(this.securityGroup, 'HTTPS: image pulls, logs, secrets and AWS APIs');

    const deploymentAlarmNames = { errors: `${name}-deploy-target-5xx`, unhealthy: `${name}-deploy-unhealthy-targets`, latency: `${name}-deploy-p95-latency` };
    // ECS refers to the alarms by name; they are created below, once the target group exists.
    this.service = new ecs.FargateService(this, 'Service', {
      serviceName: props.serviceName,
      cluster: props.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: props.sizing.desiredCount,
      capacityProviderStrategies: [...props.capacityProviders],
      vpcSubnets: { subnetGroupName: SUBNETS.private },
      securityGroups: [this.securityGroup],
      assignPublicIp: false,
      // Never below the desired healthy count during a deploy: new tasks come up first.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      ...strategyProps(props.delivery.strategy),
      // Passed here, not through enableDeploymentAlarms, which drops alarms (aws/aws-cdk#36308).
      deploymentAlarms: { alarmNames: Object.values(deploymentAlarmNames), behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM },
      lifecycleHooks: props.delivery.hook ? [props.delivery.hook] : undefined,
      healthCheckGracePeriod: Duration.seconds(60),
      enableExecuteCommand: props.enableExecuteCommand,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
    });

    // The strategy names FARGATE/FARGATE_SPOT, which the cluster gets through a separate
    // association resource; a service created before it fails ("capacity provider is not
    // associated with the cluster"). ECS: AWS::ECS::ClusterCapacityProviderAssociations docs,
    // aws/containers-roadmap#631.
    // The cluster creates that resource in an aspect at synthesis, so the dependency is added after it.
    Aspects.of(this.service).add(new DependOnCapacityProviderAssociations(props.cluster), { priority: AspectPriority.DEFAULT });

    const targetGroupProps: elbv2.ApplicationTargetGroupProps = {
      vpc: props.vpc,
      port: props.containerPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      // Deregistration after in-flight requests finish; slow start ramps new tasks in.
      deregistrationDelay: Duration.seconds(30),
      slowStart: Duration.seconds(30),
      healthCheck: {
        path: props.readinessPath,
        healthyHttpCodes: '200',
        interval: Duration.seconds(10),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    };
    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', targetGroupProps);
    // Same settings: either group serves production after the next deployment.
    this.alternateTargetGroup = new elbv2.ApplicationTargetGroup(this, 'AlternateTargetGroup', targetGroupProps);
    this.traffic = new ServiceTraffic(this, 'Traffic', {
      serviceName: props.serviceName,
      service: this.service,
      containerName: props.serviceName,
      containerPort: props.containerPort,
      primary: this.targetGroup,
      alternate: this.alternateTargetGroup,
      listener: props.listener,
      hostHeaders: props.hostHeaders,
      priority: props.listenerPriority,
    });
    const both = { targetGroup: this.targetGroup, alternateTargetGroup: this.alternateTargetGroup };
    const windows = DEPLOYMENT_ALARM_WINDOWS;

    const logs = logGroupName;
    this.deploymentAlarms = [
      props.alarms.alarm({
        name: `${props.serviceName}-deploy-target-5xx`,
        runbook: 'deployment-alarms',
        severity: 'warning',
        metric: serviceTargetMetric(
          both,
          'errors',
          (tg) => tg.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: Duration.minutes(1), statistic: 'Sum' }),
          'sum',
        ),
        threshold: 10,
        evaluationPeriods: windows.errors.evaluationPeriods,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        what: `${name} targets answer more than 10 5xx a minute for 2 minutes; during a deployment ECS rolls it back.`,
        impact: 'Some users get errors until the rollback completes (about 5 minutes).',
        checks: [
          `the new task definition's lines in ${logs}`,
          `the deployment events of service ${props.serviceName}`,
          'the configuration change in the release (image tag, secrets)',
        ],
      }),
      props.alarms.alarm({
        name: `${props.serviceName}-deploy-unhealthy-targets`,
        runbook: 'deployment-alarms',
        severity: 'warning',
        metric: serviceTargetMetric(both, 'unhealthy', (tg) => tg.metrics.unhealthyHostCount({ period: Duration.minutes(1), statistic: 'Maximum' }), 'max'),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: windows.unhealthy.evaluationPeriods,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        what: `${name} targets fail the readiness check (${props.readinessPath}) for 3 minutes; during a deployment ECS rolls it back.`,
        impact: 'Less capacity; users may see errors if no target is healthy.',
        checks: [`task logs in ${logs}`, 'the dependencies reported by /health/detailed (DocumentDB, Redis)', 'stopped-task reasons in the service events'],
      }),
      props.alarms.alarm({
        name: `${props.serviceName}-deploy-p95-latency`,
        runbook: 'deployment-alarms',
        severity: 'warning',
        metric: serviceTargetMetric(both, 'latency', (tg) => tg.metrics.targetResponseTime({ period: Duration.minutes(1), statistic: 'p95' }), 'max'),
        threshold: props.delivery.latencyP95Seconds,
        evaluationPeriods: windows.latency.evaluationPeriods,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        what: `${name} p95 response time is above ${props.delivery.latencyP95Seconds} s for 3 minutes in either target group; during a deployment ECS rolls it back.`,
        impact: 'Users wait; requests time out if it keeps rising.',
        checks: [
          `slow requests of the new revision in ${logs}`,
          'DocumentDB CPU and the profiler log (a new query without an index?)',
          'CPU of the new tasks (smaller task size in the release?)',
        ],
      }),
    ];

    const scaling = this.service.autoScaleTaskCount({ minCapacity: props.sizing.minCount, maxCapacity: props.sizing.maxCount });
    scaling.scaleOnCpuUtilization('CpuScaling', {
      targetUtilizationPercent: props.sizing.targetCpuPercent,
      scaleInCooldown: Duration.minutes(5),
      scaleOutCooldown: Duration.minutes(1),
    });
    scaling.scaleOnRequestCount('RequestScaling', {
      requestsPerTarget: props.sizing.targetRequestsPerTarget,
      targetGroup: this.targetGroup,
      scaleInCooldown: Duration.minutes(5),
      scaleOutCooldown: Duration.minutes(1),
    });
    // Production traffic is in either group after a native deployment; the busier one decides
    // (Application Auto Scaling scales in only when every target tracking policy allows it).
    scaling.scaleOnRequestCount('AlternateRequestScaling', {
      requestsPerTarget: props.sizing.targetRequestsPerTarget,
      targetGroup: this.alternateTargetGroup,
      scaleInCooldown: Duration.minutes(5),
      scaleOutCooldown: Duration.minutes(1),
    });
    if (props.offHours) scaleOffHours(scaling, props.offHours, props.sizing);
    this.acknowledgeExecFindings(props.execLogGroup);
  }

  /** ECS Exec grants its channels to the task role when the service is created. */
  private acknowledgeExecFindings(execLogGroup?: logs.LogGroup): void {
    const taskPolicy = this.taskDefinition.taskRole.node.tryFindChild('DefaultPolicy');
    if (execLogGroup && taskPolicy) {
      const stack = Stack.of(this);
      const logGroupId = stack.getLogicalId(execLogGroup.node.defaultChild as CfnElement);
      acknowledge(taskPolicy, 'AwsSolutions-IAM5[Resource::*]', 'ECS Exec: ssmmessages channel actions and logs:DescribeLogGroups support no resource-level permission.');
      acknowledge(
        taskPolicy,
        `AwsSolutions-IAM5[Resource::arn:aws:logs:${stack.region}:${stack.account}:log-group:<${logGroupId}>:*]`,
        'ECS Exec writes session logs to new streams of its own encrypted log group; stream names are not known in advance.',
      );
    }
  }

  /** EFS through the access point, TLS and IAM-authorized; the task role may mount and write, nothing else. */
  private mountUploads(uploads: UploadsMount): void {
    this.taskDefinition.addVolume({
      name: 'uploads',
      efsVolumeConfiguration: {
        fileSystemId: uploads.fileSystem.fileSystemId,
        transitEncryption: 'ENABLED',
        authorizationConfig: { accessPointId: uploads.accessPoint.accessPointId, iam: 'ENABLED' },
      },
    });
    this.container.addMountPoints({ sourceVolume: 'uploads', containerPath: uploads.containerPath, readOnly: false });
    allowUploadsClient(this.taskDefinition.taskRole);
    this.taskDefinition.taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
        resources: [uploads.fileSystem.fileSystemArn],
        conditions: { StringEquals: { 'elasticfilesystem:AccessPointArn': uploads.accessPoint.accessPointArn } },
      }),
    );
  }
}

/** Makes the visited service depend on the capacity-provider associations of `cluster`. */
class DependOnCapacityProviderAssociations implements IAspect {
  constructor(private readonly cluster: IConstruct) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof ecs.FargateService)) return;
    this.cluster.node.children.filter((c) => c instanceof ecs.CfnClusterCapacityProviderAssociations).forEach((a) => node.node.addDependency(a));
  }
}
