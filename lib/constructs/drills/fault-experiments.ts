import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DrillSettings } from '../../config/drills';
import { BACKEND_STOP_ALARMS, DRILL_TAG, ExperimentName, experimentLogGroupName, SITE_STOP_ALARMS } from '../../drills/experiments';
import { acknowledge } from '../../nag';
import { encryptedLogGroup } from '../shared/encrypted-log-group';

export interface FaultExperimentsProps {
  /** Environment name: the `Environment` tag every target and permission is scoped to. */
  readonly envName: string;
  readonly vpc: ec2.IVpc;
  /** ECS cluster and the backend service whose tasks are impaired. */
  readonly clusterName: string;
  readonly backendServiceName: string;
  /** Sizes and durations of the faults. */
  readonly settings: DrillSettings;
  /** The backend tasks carry the SSM sidecar (TaskFaultInjection), so network faults can run. */
  readonly networkFaults: boolean;
  /** The cache is Multi-AZ, the prerequisite of its AZ power interruption. */
  readonly cacheFaults: boolean;
  /** The zone whose power the AZ experiments cut. */
  readonly availabilityZone: string;
  readonly logsKey: kms.IKey;
  readonly logRetentionDays: number;
}

const ALARM_SOURCE = 'aws:cloudwatch:alarm';

/**
 * AWS FIS experiment templates of one environment, each with the site's alarms as stop
 * conditions, logs in an encrypted log group, and one role that can act only on this
 * environment's resources. The runner (`npm run drill`) finds them by their `Drill` tag.
 */
export class FaultExperiments extends Construct {
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;
  public readonly templates: Partial<Record<ExperimentName, fis.CfnExperimentTemplate>> = {};

  constructor(
    scope: Construct,
    id: string,
    private readonly props: FaultExperimentsProps,
  ) {
    super(scope, id);
    const { envName, settings } = props;
    const { partition, region, account } = Stack.of(this);
    const clusterArn = `arn:${partition}:ecs:${region}:${account}:cluster/${props.clusterName}`;
    const taskArns = `arn:${partition}:ecs:${region}:${account}:task/${props.clusterName}/*`;
    const envTag = { [`aws:ResourceTag/Environment`]: envName };
    const duration = `PT${settings.durationMinutes}M`;

    this.logGroup = encryptedLogGroup(this, 'LogGroup', { logGroupName: experimentLogGroupName(envName), encryptionKey: props.logsKey, retentionDays: props.logRetentionDays });

    this.role = new iam.Role(this, 'Role', {
      // Confused-deputy guard: only experiments of this account may assume the role.
      assumedBy: new iam.ServicePrincipal('fis.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:fis:${region}:${account}:experiment/*` },
        },
      }),
      description: `Flashcard LMS ${envName}: AWS FIS experiments, limited to this environment's resources`,
    });
    const allow = (sid: string, actions: string[], resources: string[], conditions?: Record<string, Record<string, unknown>>) =>
      this.role.addToPolicy(new iam.PolicyStatement({ sid, actions, resources, conditions }));

    // Target resolution by tag and experiment logging (FIS user guide, "Experiment logging": the
    // CloudWatch Logs vended-log permissions).
    allow('ResolveTargetsByTag', ['tag:GetResources'], ['*']);
    allow('DeliverExperimentLogs', ['logs:CreateLogDelivery', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups', 'logs:PutResourcePolicy'], ['*']);
    // AWSFaultInjectionSimulatorECSAccess, narrowed to this environment's cluster and tasks.
    allow('DescribeCluster', ['ecs:DescribeClusters'], [clusterArn]);
    allow('ListClusterTasks', ['ecs:ListTasks'], ['*'], { ArnEquals: { 'ecs:cluster': clusterArn } });
    allow('StopEnvironmentTasks', ['ecs:DescribeTasks', 'ecs:StopTask'], [taskArns], { StringEquals: envTag });

    const templates: [ExperimentName, () => fis.CfnExperimentTemplate][] = [['stop-backend-tasks', () => this.stopBackendTasks()]];
    if (props.networkFaults) {
      // aws:ecs:task-network-* run SSM documents in tasks registered by the sidecar, which tags
      // each managed instance with its task ARN (FIS user guide, aws:ecs:task actions).
      allow('RunFaultDocuments', ['ssm:SendCommand'], [`arn:${partition}:ssm:${region}::document/AWSFIS-Run-*`]);
      allow('RunInEnvironmentTasks', ['ssm:SendCommand'], [`arn:${partition}:ssm:${region}:${account}:managed-instance/*`], {
        StringLike: { 'ssm:resourceTag/ECS_TASK_ARN': taskArns },
      });
      allow('FollowCommands', ['ssm:ListCommands', 'ssm:CancelCommand'], ['*']);
      templates.push([
        'backend-network-latency',
        () => this.networkFault('backend-network-latency', 'aws:ecs:task-network-latency', { delayMilliseconds: String(settings.latencyMs), jitterMilliseconds: '0' }),
      ]);
      templates.push([
        'backend-packet-loss',
        () => this.networkFault('backend-packet-loss', 'aws:ecs:task-network-packet-loss', { lossPercent: String(settings.packetLossPercent) }),
      ]);
    }
    if (props.cacheFaults) {
      allow('InterruptEnvironmentCache', ['elasticache:InterruptClusterAzPower'], [`arn:${partition}:elasticache:${region}:${account}:replicationgroup:*`], {
        StringEquals: envTag,
      });
      allow('DescribeCaches', ['elasticache:DescribeReplicationGroups'], ['*']);
      templates.push(['cache-az-power', () => this.cacheAzPower(duration)]);
    }
    // aws:network:disrupt-connectivity swaps in a deny-all network ACL it creates and tags; only
    // inside this environment's VPC (AWSFaultInjectionSimulatorNetworkAccess, narrowed).
    const vpcArn = `arn:${partition}:ec2:${region}:${account}:vpc/${props.vpc.vpcId}`;
    allow('DescribeNetwork', ['ec2:DescribeManagedPrefixLists', 'ec2:DescribeNetworkAcls', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'ec2:GetManagedPrefixListEntries'], ['*']);
    allow('CreateDenyAllAcl', ['ec2:CreateNetworkAcl'], [`arn:${partition}:ec2:${region}:${account}:network-acl/*`], { StringEquals: { 'aws:RequestTag/managedByFIS': 'true' } });
    allow('CreateDenyAllAclInVpc', ['ec2:CreateNetworkAcl'], [vpcArn]);
    allow('TagDenyAllAcl', ['ec2:CreateTags'], [`arn:${partition}:ec2:${region}:${account}:network-acl/*`], { StringEquals: { 'ec2:CreateAction': 'CreateNetworkAcl' } });
    allow('EditFisAcl', ['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl'], [`arn:${partition}:ec2:${region}:${account}:network-acl/*`], {
      StringEquals: { 'ec2:ResourceTag/managedByFIS': 'true' },
    });
    allow(
      'SwapEnvironmentAcls',
      ['ec2:ReplaceNetworkAclAssociation'],
      [`arn:${partition}:ec2:${region}:${account}:network-acl/*`, `arn:${partition}:ec2:${region}:${account}:subnet/*`],
      {
        ArnEquals: { 'ec2:Vpc': vpcArn },
      },
    );
    templates.push(['az-power-interruption', () => this.azPowerInterruption(duration)]);

    for (const [name, make] of templates) this.templates[name] = make();

    // cdk-nag names a wildcard by its ARN, with unresolved parts as <AWS::...>.
    const asFinding = (arn: string) =>
      `AwsSolutions-IAM5[Resource::${arn}]`
        .split(partition)
        .join(Token.isUnresolved(partition) ? '<AWS::Partition>' : partition)
        .split(region)
        .join(Token.isUnresolved(region) ? '<AWS::Region>' : region)
        .split(account)
        .join(Token.isUnresolved(account) ? '<AWS::AccountId>' : account);
    const wildcards = this.role.node.tryFindChild('DefaultPolicy');
    const wildcardArns = ['*', taskArns, `arn:${partition}:ec2:${region}:${account}:network-acl/*`, `arn:${partition}:ec2:${region}:${account}:subnet/*`];
    if (props.networkFaults) wildcardArns.push(`arn:${partition}:ssm:${region}::document/AWSFIS-Run-*`, `arn:${partition}:ssm:${region}:${account}:managed-instance/*`);
    if (props.cacheFaults) wildcardArns.push(`arn:${partition}:elasticache:${region}:${account}:replicationgroup:*`);
    if (wildcards)
      for (const arn of wildcardArns)
        acknowledge(
          wildcards,
          asFinding(arn),
          'FIS resolves targets at run time; each wildcard is narrowed by this environment (Environment tag, its ECS cluster, its VPC) or is a read-only action without resource-level permissions.',
        );
  }

  private template(
    name: ExperimentName,
    description: string,
    spec: Pick<fis.CfnExperimentTemplateProps, 'targets' | 'actions'>,
    stopAlarms: readonly string[],
  ): fis.CfnExperimentTemplate {
    const { partition, region, account } = Stack.of(this);
    return new fis.CfnExperimentTemplate(this, name, {
      description: `${this.props.envName}: ${description}`,
      roleArn: this.role.roleArn,
      stopConditions: stopAlarms.map((alarm) => ({ source: ALARM_SOURCE, value: `arn:${partition}:cloudwatch:${region}:${account}:alarm:${this.props.envName}-${alarm}` })),
      logConfiguration: { cloudWatchLogsConfiguration: { LogGroupArn: `${this.logGroup.logGroupArn}` }, logSchemaVersion: 2 },
      // An experiment that finds nothing to impair fails instead of passing silently.
      experimentOptions: { accountTargeting: 'single-account', emptyTargetResolutionMode: 'fail' },
      tags: { Name: `${this.props.envName}-${name}`, [DRILL_TAG]: name, Environment: this.props.envName },
      ...spec,
    });
  }

  private backendTasks(selectionMode: string): fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty {
    return { resourceType: 'aws:ecs:task', parameters: { cluster: this.props.clusterName, service: this.props.backendServiceName }, selectionMode };
  }

  private stopBackendTasks(): fis.CfnExperimentTemplate {
    const percent = this.props.settings.stopTaskPercent;
    return this.template(
      'stop-backend-tasks',
      `stop ${percent}% of the backend tasks; ECS replaces them`,
      { targets: { BackendTasks: this.backendTasks(`PERCENT(${percent})`) }, actions: { StopTasks: { actionId: 'aws:ecs:stop-task', targets: { Tasks: 'BackendTasks' } } } },
      SITE_STOP_ALARMS,
    );
  }

  private networkFault(name: ExperimentName, actionId: string, parameters: Record<string, string>): fis.CfnExperimentTemplate {
    return this.template(
      name,
      `${actionId.replace('aws:ecs:task-', '')} on every backend task for ${this.props.settings.durationMinutes} minutes`,
      {
        targets: { BackendTasks: this.backendTasks('ALL') },
        actions: {
          Fault: {
            actionId,
            // Fargate needs the ECS fault-injection endpoints (FIS Actions reference, aws:ecs:task-network-latency).
            parameters: { duration: `PT${this.props.settings.durationMinutes}M`, useEcsFaultInjectionEndpoints: 'true', installDependencies: 'true', ...parameters },
            targets: { Tasks: 'BackendTasks' },
          },
        },
      },
      [...SITE_STOP_ALARMS, ...BACKEND_STOP_ALARMS],
    );
  }

  private cacheTarget(): fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty {
    // Replication groups are selected by tag only, with the zone as a target parameter.
    return {
      resourceType: 'aws:elasticache:replicationgroup',
      resourceTags: { Environment: this.props.envName },
      parameters: { availabilityZoneIdentifier: this.props.availabilityZone },
      selectionMode: 'ALL',
    };
  }

  private cacheAzPower(duration: string): fis.CfnExperimentTemplate {
    return this.template(
      'cache-az-power',
      `cut power to the cache nodes in ${this.props.availabilityZone}; the primary fails over`,
      {
        targets: { Cache: this.cacheTarget() },
        actions: { InterruptCache: { actionId: 'aws:elasticache:replicationgroup-interrupt-az-power', parameters: { duration }, targets: { ReplicationGroups: 'Cache' } } },
      },
      SITE_STOP_ALARMS,
    );
  }

  private azPowerInterruption(duration: string): fis.CfnExperimentTemplate {
    const subnets: fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty = {
      resourceType: 'aws:ec2:subnet',
      resourceTags: { Environment: this.props.envName },
      filters: [{ path: 'AvailabilityZone', values: [this.props.availabilityZone] }],
      selectionMode: 'ALL',
    };
    const actions: Record<string, fis.CfnExperimentTemplate.ExperimentTemplateActionProperty> = {
      IsolateZone: { actionId: 'aws:network:disrupt-connectivity', parameters: { duration, scope: 'all' }, targets: { Subnets: 'ZoneSubnets' } },
    };
    const targets: Record<string, fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty> = { ZoneSubnets: subnets };
    if (this.props.cacheFaults) {
      actions.InterruptCache = { actionId: 'aws:elasticache:replicationgroup-interrupt-az-power', parameters: { duration }, targets: { ReplicationGroups: 'Cache' } };
      targets.Cache = this.cacheTarget();
    }
    return this.template(
      'az-power-interruption',
      `lose ${this.props.availabilityZone}: its subnets cut off${this.props.cacheFaults ? ', its cache nodes powered down' : ''}`,
      { targets, actions },
      SITE_STOP_ALARMS,
    );
  }
}
