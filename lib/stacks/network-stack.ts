import { Stack, StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../config';
import { Network } from '../constructs/network/network';

export interface NetworkStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  readonly logsKey: kms.IKey;
}

/** The VPC, its flow logs and endpoints. */
export class NetworkStack extends Stack {
  public readonly network: Network;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { network, availabilityZones } = props.config;
    this.network = new Network(this, 'Network', {
      cidr: network.cidr,
      availabilityZones,
      natGateways: network.natGateways,
      flowLogRetentionDays: network.flowLogRetentionDays,
      interfaceEndpoints: network.interfaceEndpoints,
      natProvider: network.natProvider,
      logsKey: props.logsKey,
    });
  }
}
