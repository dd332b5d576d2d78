import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../config';
import { ServiceRepositories } from '../constructs/delivery/service-repositories';

export interface RegistryStackProps extends StackProps {
  readonly config: EnvironmentConfig;
}

/** Stateful: the container image repositories. */
export class RegistryStack extends Stack {
  public readonly repositories: ServiceRepositories;

  constructor(scope: Construct, id: string, props: RegistryStackProps) {
    super(scope, id, props);
    this.repositories = new ServiceRepositories(this, 'Repositories', { envName: props.config.name });
    new CfnOutput(this, 'BackendRepositoryUri', { value: this.repositories.repositories.backend.repositoryUri });
    new CfnOutput(this, 'FrontendRepositoryUri', { value: this.repositories.repositories.frontend.repositoryUri });
  }
}
