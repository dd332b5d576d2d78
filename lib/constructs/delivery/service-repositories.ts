import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';

export interface ServiceRepositoriesProps {
  readonly envName: string;
  /** Tagged images kept per repository; older ones expire. @default 100 */
  readonly maxTaggedImages?: number;
}

export const SERVICE_NAMES = ['backend', 'frontend'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** ECR name of a service's repository, shared with CI and the release gate. */
export const repositoryName = (envName: string, service: ServiceName) => `flashcard-lms/${envName}/${service}`;

/** ECR repositories of the two services: scan on push, immutable tags, lifecycle rules, retained. */
export class ServiceRepositories extends Construct {
  public readonly repositories: Readonly<Record<ServiceName, ecr.Repository>>;

  constructor(scope: Construct, id: string, props: ServiceRepositoriesProps) {
    super(scope, id);
    const make = (service: ServiceName, constructId: string) =>
      new ecr.Repository(this, constructId, {
        repositoryName: repositoryName(props.envName, service),
        imageScanOnPush: true,
        imageTagMutability: ecr.TagMutability.IMMUTABLE,
        encryption: ecr.RepositoryEncryption.AES_256,
        // Images are release artifacts: a rollback needs them after the stack is gone.
        removalPolicy: RemovalPolicy.RETAIN,
        lifecycleRules: [
          { rulePriority: 1, description: 'Untagged layers from failed or superseded pushes', tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(7) },
          { rulePriority: 2, description: 'Keep the newest tagged images for rollbacks', tagStatus: ecr.TagStatus.ANY, maxImageCount: props.maxTaggedImages ?? 100 },
        ],
      });
    this.repositories = { backend: make('backend', 'Backend'), frontend: make('frontend', 'Frontend') };
  }
}
