import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledge } from '../../nag';
import { encryptedLogGroup } from '../shared/encrypted-log-group';

/**
 * The agent image the FIS user guide gives for the sidecar ("Use the AWS FIS aws:ecs:task actions",
 * Requirements); AWS publishes it with `latest` as its only moving tag.
 */
export const SSM_AGENT_IMAGE = 'public.ecr.aws/amazon-ssm-agent/amazon-ssm-agent:latest';

/** The registration script of that guide, kept verbatim beside this file. */
export const SSM_AGENT_SCRIPT = fs.readFileSync(path.join(__dirname, 'fault-injection-sidecar.sh'), 'utf8');

export interface TaskFaultInjectionProps {
  /** Environment name, in the managed-instance role's description. */
  readonly envName: string;
  /** The task definition FIS injects network faults into. */
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly logsKey: kms.IKey;
  readonly logRetentionDays: number;
}

/**
 * Prepares a Fargate task definition for the FIS `aws:ecs:task-network-*` actions (AWS FIS user
 * guide, "Use the AWS FIS aws:ecs:task actions", Requirements): `enableFaultInjection`, `pidMode:
 * task`, and a non-essential SSM agent sidecar that registers the task as a managed instance,
 * tagged with its task ARN, so FIS can run the fault documents in it.
 */
export class TaskFaultInjection extends Construct {
  /** Role of the task while it is registered as an SSM managed instance. */
  public readonly managedInstanceRole: iam.Role;
  public readonly sidecar: ecs.ContainerDefinition;

  constructor(scope: Construct, id: string, props: TaskFaultInjectionProps) {
    super(scope, id);
    const task = props.taskDefinition;
    const cfn = task.node.defaultChild as ecs.CfnTaskDefinition;
    // "enableFaultInjection" (ECS developer guide, "Use fault injection with your Amazon ECS and Fargate
    // workloads"); pidMode task is required by the network actions, and the only value Fargate accepts.
    cfn.enableFaultInjection = true;
    cfn.pidMode = 'task';

    this.managedInstanceRole = new iam.Role(this, 'ManagedInstanceRole', {
      // Confused-deputy guard: only activations of this account's SSM (SSM user guide, hybrid service role).
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
          ArnLike: { 'aws:SourceArn': `arn:${Stack.of(this).partition}:ssm:${Stack.of(this).region}:${Stack.of(this).account}:*` },
        },
      }),
      description: `Flashcard LMS ${props.envName}: backend tasks registered in SSM for FIS network faults`,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    });
    acknowledge(
      this.managedInstanceRole,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
      'The FIS user guide requires AmazonSSMManagedInstanceCore on the managed-instance role of aws:ecs:task actions.',
    );
    this.managedInstanceRole.addToPolicy(
      new iam.PolicyStatement({ sid: 'CleanUpOwnRegistration', actions: ['ssm:DeleteActivation', 'ssm:DeregisterManagedInstance'], resources: ['*'] }),
    );
    acknowledge(
      this.managedInstanceRole,
      'AwsSolutions-IAM5[Resource::*]',
      'A task deletes its own activation and deregisters itself on stop; activation and managed-instance ids exist only at run time.',
    );

    task.addToTaskRolePolicy(new iam.PolicyStatement({ sid: 'RegisterForFaultInjection', actions: ['ssm:CreateActivation', 'ssm:AddTagsToResource'], resources: ['*'] }));
    task.addToTaskRolePolicy(
      new iam.PolicyStatement({
        sid: 'PassManagedInstanceRole',
        actions: ['iam:PassRole'],
        resources: [this.managedInstanceRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
      }),
    );
    const taskPolicy = task.taskRole.node.tryFindChild('DefaultPolicy');
    if (taskPolicy)
      acknowledge(
        taskPolicy,
        'AwsSolutions-IAM5[Resource::*]',
        'ssm:CreateActivation and ssm:AddTagsToResource take no resource ARN known before the task registers itself (FIS aws:ecs:task requirements).',
      );

    const logGroup = encryptedLogGroup(this, 'LogGroup', { encryptionKey: props.logsKey, retentionDays: props.logRetentionDays });
    this.sidecar = task.addContainer('amazon-ssm-agent', {
      image: ecs.ContainerImage.fromRegistry(SSM_AGENT_IMAGE),
      essential: false,
      cpu: 0,
      entryPoint: [],
      command: ['/bin/bash', '-c', SSM_AGENT_SCRIPT],
      environment: { MANAGED_INSTANCE_ROLE_NAME: this.managedInstanceRole.roleName },
      logging: ecs.LogDriver.awsLogs({ logGroup, streamPrefix: 'fault-injection' }),
    });
  }
}
