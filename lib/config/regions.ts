/**
 * Commercial regions a Fargate + DocumentDB + ElastiCache deployment can target: aws-cdk-lib's
 * region list without the GovCloud, ISO, China and European Sovereign Cloud partitions. A literal
 * list, because reading RegionInfo.regions loads the CDK's whole fact table (about 0.1-0.2 s in
 * every fresh module registry: each config test file, and each mutant of a mutation run);
 * test/config/regions.test.ts fails when a CDK upgrade adds a region, so the list cannot fall behind.
 */
export const KNOWN_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'me-west-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];
