import { DescribeTaskDefinitionCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { MigrationSettings } from '../../lambda/migration/settings';

/** `repo:tag` or `repo@sha256:...` with the tag replaced. */
export function withImageTag(image: string, tag: string): string {
  const repository = image.includes('@') ? image.slice(0, image.indexOf('@')) : image.replace(/:[^:/]+$/, '');
  return `${repository}:${tag}`;
}

/**
 * A task definition that runs `tag` of the backend image: the deployed one when its image
 * already has that tag, otherwise a new revision of the same family with only the image of
 * the migration container changed (RunTask cannot override an image).
 */
export async function taskDefinitionForTag(ecs: ECSClient, s: MigrationSettings, tag: string): Promise<{ arn: string; registered: boolean }> {
  const { taskDefinition: td, tags } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: s.taskDefinitionArn, include: ['TAGS'] }));
  const container = td?.containerDefinitions?.find((c) => c.name === s.containerName);
  if (td === undefined || container?.image === undefined) {
    throw new Error(`Task definition ${s.taskDefinitionArn} has no container "${s.containerName}" with an image`);
  }
  const image = withImageTag(container.image, tag);
  if (image === container.image) return { arn: s.taskDefinitionArn, registered: false };

  const out = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: td.family,
      taskRoleArn: td.taskRoleArn,
      executionRoleArn: td.executionRoleArn,
      networkMode: td.networkMode,
      containerDefinitions: td.containerDefinitions?.map((c) => (c.name === s.containerName ? { ...c, image } : c)),
      volumes: td.volumes,
      placementConstraints: td.placementConstraints,
      requiresCompatibilities: td.requiresCompatibilities,
      cpu: td.cpu,
      memory: td.memory,
      pidMode: td.pidMode,
      ipcMode: td.ipcMode,
      proxyConfiguration: td.proxyConfiguration,
      ephemeralStorage: td.ephemeralStorage,
      runtimePlatform: td.runtimePlatform,
      tags: tags !== undefined && tags.length > 0 ? tags : undefined,
    }),
  );
  const arn = out.taskDefinition?.taskDefinitionArn;
  if (arn === undefined) throw new Error(`RegisterTaskDefinition returned no ARN for family ${td.family}`);
  return { arn, registered: true };
}
