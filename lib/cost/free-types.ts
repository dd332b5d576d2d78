/**
 * Resource types that cost nothing by themselves, with the reason. A type that is neither priced nor
 * listed here (nor in NOT_ESTIMATED) is reported as unpriced.
 */
export const FREE_TYPES: Readonly<Record<string, string>> = {
  'AWS::ApplicationAutoScaling::ScalableTarget': 'no charge for Application Auto Scaling',
  'AWS::ApplicationAutoScaling::ScalingPolicy': 'no charge for Application Auto Scaling (its alarms are managed by the service)',
  'AWS::Backup::BackupSelection': 'storage of what it selects is priced on its backup plan',
  'AWS::Backup::BackupVault': 'storage is priced on the backup plans that write to it',
  'AWS::Budgets::Budget': 'budgets without actions cost nothing (AWS Budgets pricing)',
  'AWS::CDK::Metadata': 'CloudFormation metadata',
  'AWS::CE::AnomalyMonitor': 'Cost Anomaly Detection has no charge',
  'AWS::CE::AnomalySubscription': 'Cost Anomaly Detection has no charge; notifications are SNS publishes',
  'AWS::CertificateManager::Certificate': 'public ACM certificates are free',
  'AWS::DocDB::DBClusterParameterGroup': 'configuration',
  'AWS::DocDB::DBSubnetGroup': 'configuration',
  'AWS::DocDB::EventSubscription': 'no charge; notifications are SNS publishes',
  'AWS::EC2::FlowLog': 'delivery is priced as ingestion on its log group',
  'AWS::EC2::InternetGateway': 'no charge (data transfer is not estimated)',
  'AWS::EC2::Route': 'configuration',
  'AWS::EC2::RouteTable': 'configuration',
  'AWS::EC2::SecurityGroup': 'configuration',
  'AWS::EC2::SecurityGroupEgress': 'configuration',
  'AWS::EC2::SecurityGroupIngress': 'configuration',
  'AWS::EC2::Subnet': 'configuration',
  'AWS::EC2::SubnetRouteTableAssociation': 'configuration',
  'AWS::EC2::VPC': 'no charge for the VPC itself',
  'AWS::EC2::VPCGatewayAttachment': 'configuration',
  'AWS::ECS::ClusterCapacityProviderAssociations': 'configuration',
  'AWS::ECS::TaskDefinition': 'billed only while tasks run: services are priced from AWS::ECS::Service',
  'AWS::EFS::AccessPoint': 'configuration',
  'AWS::EFS::MountTarget': 'no charge; storage is priced on the file system',
  'AWS::ElastiCache::SubnetGroup': 'configuration',
  'AWS::ElasticLoadBalancingV2::Listener': 'capacity is priced as LCUs on the load balancer',
  'AWS::ElasticLoadBalancingV2::ListenerRule': 'capacity is priced as LCUs on the load balancer',
  'AWS::ElasticLoadBalancingV2::TargetGroup': 'capacity is priced as LCUs on the load balancer',
  'AWS::Events::Rule': 'scheduled rules and AWS service events are free on the default bus',
  'AWS::FIS::ExperimentTemplate': 'templates are free; a drill pays $0.10 per action-minute while it runs (docs/drills.md)',
  'AWS::IAM::InstanceProfile': 'configuration',
  'AWS::IAM::ManagedPolicy': 'IAM is free',
  'AWS::IAM::OIDCProvider': 'IAM is free',
  'AWS::IAM::Policy': 'IAM is free',
  'AWS::IAM::Role': 'IAM is free',
  'AWS::KMS::Alias': 'no charge for aliases',
  'AWS::Lambda::Permission': 'configuration',
  'AWS::Logs::MetricFilter': 'no charge; the metric it publishes is priced as a custom metric',
  'AWS::Logs::QueryDefinition': 'no charge for saved queries (queries run are not estimated)',
  'AWS::Route53::RecordSet': 'records in an existing hosted zone; alias queries to AWS resources are free',
  'AWS::S3::BucketPolicy': 'configuration',
  'AWS::SNS::Subscription': 'the first 1,000 email notifications a month are free',
  'AWS::SNS::Topic': 'the first million publishes a month are free',
  'AWS::SNS::TopicPolicy': 'configuration',
  'AWS::Scheduler::Schedule': 'EventBridge Scheduler: the first 14 million invocations a month are free; the off-hours schedule runs a few hundred',
  'AWS::SecretsManager::ResourcePolicy': 'configuration',
  'AWS::SecretsManager::RotationSchedule': 'configuration; the rotation function is listed apart',
  'AWS::SecretsManager::SecretTargetAttachment': 'configuration',
  'AWS::WAFv2::LoggingConfiguration': 'delivery is priced as ingestion on its log group',
  'AWS::WAFv2::WebACLAssociation': 'configuration',
};

/** Types that cost something only with use the estimate leaves out on purpose, with the reason. */
export const NOT_ESTIMATED: Readonly<Record<string, string>> = {
  'AWS::ApplicationSignals::ServiceLevelObjective':
    'billed as Application Signals usage (CloudWatch pricing, after a free trial per account): not in the price files yet, not estimated',
  'AWS::Backup::RestoreTestingPlan': 'each restore test restores the data and runs it for the validation window (a temporary DocumentDB instance): billed per test, not estimated',
  'AWS::Backup::RestoreTestingSelection': 'priced with its restore testing plan (not estimated)',
  'AWS::Serverless::Application': 'Secrets Manager rotation application: its function runs a few times a month (nested stack, not read)',
};

/** Custom resources cost nothing themselves: the functions behind them are priced as Lambda functions. */
export function isFree(type: string): string | undefined {
  if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') return 'custom resource: its provider function is priced';
  return FREE_TYPES[type];
}
