import * as path from 'path';
import { Annotations } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { DockerImageAsset, Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { PLACEHOLDER_TAG } from '../../config/invariants';
import { ServiceName } from './service-repositories';

export interface ServiceImageProps {
  /** Environment name, quoted in the placeholder-tag warning. */
  readonly envName: string;
  readonly service: ServiceName;
  /** ECR repository the image is pulled from when it is not built here. */
  readonly repository: ecr.IRepository;
  /** Tag pulled from `repository`. */
  readonly tag: string;
  /** Monorepo checkout to build from (`<buildFrom>/<service>/Dockerfile.<service>`). @default pulled from `repository` by `tag` */
  readonly buildFrom?: string;
  /** CPU architecture the tasks run on; a build targets it. */
  readonly cpuArchitecture: 'ARM64' | 'X86_64';
}

export interface ServiceImage {
  readonly image: ecs.ContainerImage;
  /** The image built from the checkout, when `buildFrom` is set; its `assetHash` identifies the build. */
  readonly asset?: DockerImageAsset;
}

/**
 * The image a service runs: built from the monorepo (`images.buildFrom`) or pulled from its
 * ECR repository by tag. A placeholder tag outside production deploys, with a synth warning
 * (production config refuses it).
 */
export function serviceImage(scope: Construct, props: ServiceImageProps): ServiceImage {
  const { service } = props;
  if (props.buildFrom) {
    const asset = new DockerImageAsset(scope, `${service[0].toUpperCase()}${service.slice(1)}Image`, {
      directory: path.resolve(props.buildFrom, service),
      file: `Dockerfile.${service}`,
      platform: props.cpuArchitecture === 'ARM64' ? Platform.LINUX_ARM64 : Platform.LINUX_AMD64,
    });
    return { image: ecs.ContainerImage.fromDockerImageAsset(asset), asset };
  }
  if (PLACEHOLDER_TAG.test(props.tag)) {
    Annotations.of(scope).addWarningV2(
      'flashcard-lms:placeholder-image-tag',
      `${props.envName} ${service} runs image tag "${props.tag}", which names no release; deploy a pinned tag with -c imageTag=<git sha> or release.json.`,
    );
  }
  return { image: ecs.ContainerImage.fromEcrRepository(props.repository, props.tag) };
}
