import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { acknowledge } from '../../nag';

export interface HardenedTaskProps {
  readonly family: string;
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly cpuArchitecture: ecs.CpuArchitecture;
  /** The container, minus what this function fixes for every task (user, root FS, privileges, init). */
  readonly container: Omit<ecs.ContainerDefinitionOptions, 'user' | 'readonlyRootFilesystem' | 'privileged' | 'linuxParameters' | 'essential'>;
  /** uid[:gid] of the image's non-root user. */
  readonly user: string;
  /** Writable scratch directories on the otherwise read-only root file system. */
  readonly scratchPaths: readonly string[];
}

export interface HardenedTask {
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly container: ecs.ContainerDefinition;
}

/**
 * A one-container Fargate task definition hardened the same way for every LMS task: the image's
 * non-root user, read-only root file system with scratch volumes, no privileges, an init process.
 * Children are created in `scope` under stable ids (TaskDefinition, App, LinuxParameters).
 */
export function hardenedTask(scope: Construct, props: HardenedTaskProps): HardenedTask {
  const taskDefinition = new ecs.FargateTaskDefinition(scope, 'TaskDefinition', {
    family: props.family,
    cpu: props.cpu,
    memoryLimitMiB: props.memoryMiB,
    runtimePlatform: { cpuArchitecture: props.cpuArchitecture, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
  });
  const container = taskDefinition.addContainer('App', {
    ...props.container,
    // A hard limit (Control Tower CT.ECS.PR.7): the whole task memory for its only container; limits must be at least the
    // reservations and within the task size ("Choosing Fargate task sizes for Amazon ECS").
    memoryLimitMiB: props.memoryMiB,
    essential: true,
    user: props.user,
    readonlyRootFilesystem: true,
    privileged: false,
    linuxParameters: new ecs.LinuxParameters(scope, 'LinuxParameters', { initProcessEnabled: true }),
  });
  props.scratchPaths.forEach((containerPath, i) => {
    const volumeName = `scratch-${i}`;
    taskDefinition.addVolume({ name: volumeName });
    container.addMountPoints({ sourceVolume: volumeName, containerPath, readOnly: false });
  });

  const executionPolicy = taskDefinition.obtainExecutionRole().node.tryFindChild('DefaultPolicy');
  if (executionPolicy) {
    acknowledge(
      executionPolicy,
      'AwsSolutions-IAM5[Resource::*]',
      'ecr:GetAuthorizationToken supports no resource-level permission; image pulls themselves are scoped to the repository.',
    );
  }
  acknowledge(
    taskDefinition,
    'AwsSolutions-ECS2',
    "Environment variables carry only non-secret settings (URLs, limits, log level); secrets are injected through the task definition's secrets from Secrets Manager.",
  );
  return { taskDefinition, container };
}
