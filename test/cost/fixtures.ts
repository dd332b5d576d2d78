import { Assumptions, AssumptionsFile, PriceBook, PriceFile } from '../../lib/cost/price-book';
import { AssemblyEnvironment, TemplateResource } from '../../lib/cost/types';

/** Round prices so the expected totals can be worked out by hand. */
const PRICES: Record<string, number> = {
  'nat.hour': 0.05,
  'nat.gb': 0.05,
  'ipv4.hour': 0.005,
  'endpoint.az-hour': 0.01,
  'endpoint.gb': 0.01,
  'alb.hour': 0.02,
  'alb.lcu-hour': 0.01,
  'waf.acl-month': 5,
  'waf.rule-month': 1,
  'waf.million-requests': 0.6,
  'fargate.vcpu-hour:X86_64': 0.04,
  'fargate.gb-hour:X86_64': 0.004,
  'fargate.vcpu-hour:ARM64': 0.03,
  'fargate.gb-hour:ARM64': 0.003,
  'fargate.spot-factor': 0.3,
  'docdb.instance-hour:db.r6g.large': 0.3,
  'docdb.storage-gb-month': 0.1,
  'docdb.million-io': 0.2,
  'docdb.backup-gb-month': 0.02,
  'elasticache.node-hour:valkey:cache.m7g.large': 0.1,
  'elasticache.snapshot-gb-month': 0.1,
  'efs.standard-gb-month': 0.3,
  'efs.ia-gb-month': 0.02,
  'kms.key-month': 1,
  'kms.10k-requests': 0.03,
  'secrets.secret-month': 0.4,
  'secrets.10k-calls': 0.05,
  'cloudwatch.alarm-metric': 0.1,
  'cloudwatch.alarm-metric-high-res': 0.3,
  'cloudwatch.composite-alarm': 0.5,
  'cloudwatch.dashboard': 3,
  'cloudwatch.metric-month': 0.3,
  'logs.ingest-gb': 0.5,
  'logs.store-gb-month': 0.03,
  'lambda.gb-second:arm64': 0.00001,
  'lambda.million-requests': 0.2,
  'backup.gb-month:efs': 0.05,
  'backup.gb-month:docdb': 0.02,
  'backup.copy-gb': 0.02,
};

export function priceFile(region: string, prices: Record<string, number> = PRICES): PriceFile {
  return {
    region,
    currency: 'USD',
    hoursPerMonth: 730,
    lookedUp: '2026-12-01',
    note: 'test prices',
    sources: { test: 'https://example.com/pricing' },
    prices: Object.fromEntries(Object.entries(prices).map(([k, usd]) => [k, { usd, per: k.split('.')[1], source: 'test', basis: 'page' as const }])),
  };
}

/** Prices for eu-west-1 only (other regions have no file), or the files given. */
export function testPriceBook(files: Record<string, PriceFile> = { 'eu-west-1': priceFile('eu-west-1') }): PriceBook {
  return new PriceBook((region) => files[region]);
}

const ASSUMPTIONS: AssumptionsFile = {
  note: 'test',
  default: Object.fromEntries(
    Object.entries<number | Record<string, number>>({
      natProcessedGbPerGateway: 100,
      endpointProcessedGbPerEndpoint: 10,
      albAverageLcu: 1,
      wafMillionRequests: 10,
      docdbStorageGb: 100,
      docdbMillionIos: 50,
      docdbBackupGbBeyondFree: 0,
      docdbServerlessAverageDcu: 2,
      cacheDataGb: 2,
      cacheMillionEcpus: 1,
      efsStorageGb: 10,
      efsInfrequentShare: 0.5,
      kmsRequestsPerKey: 10000,
      secretsCallsPerSecret: 10000,
      logIngestGbPerGroup: 1,
      logIngestGbByGroup: { App: 10 },
      logCompressedShare: 0.5,
      containerInsightsMetricsPerCluster: 8,
      containerInsightsMetricsPerService: 12,
      lambdaInvocationsPerFunction: 1000,
      lambdaInvocationsByFunction: {},
      lambdaAverageMs: 1000,
      lambdaAverageMsByFunction: {},
      backupChangeShare: 0.1,
      stepFunctionsTransitions: 1000,
      s3StorageGb: 1,
      ecrStorageGb: 1,
    }).map(([k, value]) => [k, { value, about: k }]),
  ),
  environments: {},
};

export const testAssumptions = (): Assumptions => Assumptions.forEnvironment(ASSUMPTIONS, 'test');

/** An environment of one eu-west-1 stack holding the resources given (and a second stack when asked). */
export function environment(resources: Record<string, TemplateResource>, other?: { region: string; resources: Record<string, TemplateResource> }): AssemblyEnvironment {
  return {
    name: 'test',
    stacks: [{ stackName: 'main', region: 'eu-west-1', resources }, ...(other ? [{ stackName: 'other', ...other }] : [])],
  };
}
