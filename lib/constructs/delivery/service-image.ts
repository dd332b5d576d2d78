import * as path from 'path';
import { Annotations } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../../config';
import { PLACEHOLDER_TAG } from '../../config/invariants';
import { ServiceName } from './service-repositories';

/**
 * The image a service runs: built from the monorepo (`images.buildFrom`) or pulled from its
 * ECR repository by tag. A placeholder tag outside production deploys, with a synth warning
 * (production config refuses it).
 */
export function serviceImage(scope: Construct, service: ServiceName, config: EnvironmentConfig, repository: ecr.IRepository): ecs.ContainerImage {
  if (config.images.buildFrom) {
    return ecs.ContainerImage.fromAsset(path.resolve(config.images.buildFrom, service), {
      file: `Dockerfile.${service}`,
      platform: config.services.cpuArchitecture === 'ARM64' ? Platform.LINUX_ARM64 : Platform.LINUX_AMD64,
    });
  }
  const tag = service === 'backend' ? config.images.backendTag : config.images.frontendTag;
  if (PLACEHOLDER_TAG.test(tag)) {
    Annotations.of(scope).addWarningV2(
      'flashcard-lms:placeholder-image-tag',
      `${config.name} ${service} runs image tag "${tag}", which names no release; deploy a pinned tag with -c imageTag=<git sha> or release.json.`,
    );
  }
  return ecs.ContainerImage.fromEcrRepository(repository, tag);
}
