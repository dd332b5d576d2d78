import { App } from 'aws-cdk-lib';
import { PRODUCTION, STAGING } from '../../lib/config/environments';
import { readAssembly } from '../../lib/cost/assembly';
import { estimateAll } from '../../lib/cost/estimate';
import { Assumptions, PriceBook } from '../../lib/cost/price-book';
import { PRICERS } from '../../lib/cost/pricers';
import { FREE_TYPES, NOT_ESTIMATED } from '../../lib/cost/free-types';
import { Estimate } from '../../lib/cost/types';
import { synthEnvironments } from '../helpers/app';

// The real assembly of both built-in environments, priced with the price files in pricing/.
let estimates: Estimate[];
let types: Set<string>;

beforeAll(() => {
  const { stages } = synthEnvironments([STAGING, PRODUCTION]);
  const dir = (stages[0].node.root as App).outdir;
  const envs = readAssembly(dir);
  types = new Set(envs.flatMap((e) => e.stacks.flatMap((s) => Object.values(s.resources).map((r) => r.Type))));
  estimates = estimateAll(envs, PriceBook.fromDirectory(), (env) => Assumptions.fromDirectory(env));
});

const find = (name: string) => estimates.find((e) => e.environment === name)!;
const lineNames = (name: string) => find(name).lines.map((l) => l.line);

test('nothing in the assembly is unpriced', () => {
  expect(estimates.flatMap((e) => e.unpriced.map((u) => `${e.environment}: ${u.resource} (${u.type}): ${u.reason}`))).toEqual([]);
});

test('every resource type is priced, listed free or listed as not estimated', () => {
  const unknown = [...types].filter((t) => !PRICERS[t] && !FREE_TYPES[t] && !NOT_ESTIMATED[t] && !t.startsWith('Custom::'));
  expect(unknown).toEqual([]);
});

test.each([
  ['Public IPv4 addresses (load balancer, per AZ)'],
  ['Application load balancer hours'],
  ['WAF web ACLs'],
  ['WAF rules'],
  ['DocumentDB storage'],
  ['EFS Standard storage'],
  ['KMS keys'],
  ['Secrets Manager secrets'],
  ['CloudWatch alarm metrics, standard resolution'],
  ['CloudWatch composite alarms'],
  ['CloudWatch dashboards'],
  ['CloudWatch custom metrics'],
  ['Container Insights metrics'],
  ['CloudWatch Logs ingestion'],
  ['Lambda compute GB-seconds, arm64'],
  ['Backup storage, DocumentDB'],
  ['Backup storage, EFS'],
])('both environments have a priced line "%s"', (line) => {
  expect(lineNames('staging')).toContain(line);
  expect(lineNames('production')).toContain(line);
});

test('prices the instances, nodes and tasks each environment configures', () => {
  expect(lineNames('staging')).toEqual(
    expect.arrayContaining([
      'DocumentDB db.t4g.medium instance hours',
      'ElastiCache valkey cache.t4g.micro node hours',
      'Fargate vCPU-hours, X86_64 on-demand',
      'EC2 t4g.nano instance hours',
    ]),
  );
  expect(lineNames('production')).toEqual(
    expect.arrayContaining([
      'DocumentDB db.t4g.medium instance hours',
      'ElastiCache valkey cache.t4g.medium node hours',
      'Fargate vCPU-hours, ARM64 on-demand',
      'Backup storage, DocumentDB copy (eu-central-1)',
    ]),
  );
  const quantity = (env: string, line: string) => find(env).lines.find((l) => l.line === line)?.quantity;
  // 2 instances, 2 cache nodes (1 shard x (1 replica + 1)), 3 NAT gateways, no interface endpoints.
  expect(quantity('production', 'DocumentDB db.t4g.medium instance hours')).toBe(2 * 730);
  expect(quantity('production', 'ElastiCache valkey cache.t4g.medium node hours')).toBe(2 * 730);
  expect(quantity('production', 'NAT gateway hours')).toBe(3 * 730);
  expect(quantity('production', 'Interface endpoint hours (per AZ)')).toBeUndefined();
  // Backend 3 x 1 vCPU + frontend 2 x 0.25 vCPU.
  expect(quantity('production', 'Fargate vCPU-hours, ARM64 on-demand')).toBe(3.5 * 730);
  // Staging: one NAT instance (its public IPv4 around the clock), no NAT gateway.
  expect(quantity('staging', 'NAT gateway hours')).toBeUndefined();
  expect(quantity('staging', 'Public IPv4 addresses (instances)')).toBe(730);
  // The health check runs every minute.
  expect(find('staging').lines.find((l) => l.line === 'Lambda requests (million)')!.quantity).toBeGreaterThan(0.0438);
});

test("staging's off-hours schedule: DocumentDB and tasks bill weekdays 08:00-18:00 only (plus the steps around it)", () => {
  const quantity = (line: string) => find('staging').lines.find((l) => l.line === line)?.quantity;
  const weeks = 730 / 168;
  // DocumentDB: 07:40 start to 18:15 stop, plus the assumed 10 minutes a stop takes, 5 days a week.
  expect(quantity('DocumentDB db.t4g.medium instance hours')).toBeCloseTo(((5 * (10 * 60 + 35 + 10)) / 60) * weeks, 6);
  // Tasks: backend 0.5 vCPU + frontend 0.25 vCPU, 08:00-18:00 plus 10 minutes, 5 days a week.
  expect(quantity('Fargate vCPU-hours, X86_64 on-demand')).toBeCloseTo(0.75 * ((5 * (10 * 60 + 10)) / 60) * weeks, 6);
  // The canary: every 10 minutes from 08:20 to 17:55 plus 10 minutes, 5 days a week.
  expect(quantity('Synthetics canary runs')).toBeCloseTo(((60 * 730) / 10) * ((5 * (9 * 60 + 35 + 10)) / 60 / 168), 6);
  // Container Insights: the service and migration clusters' metrics all month, the two services' while they run.
  expect(quantity('Container Insights metrics')).toBeCloseTo(2 * 8 + 2 * 12 * ((5 * (10 * 60 + 10)) / 60 / 168), 6);
  // Logs: the backend's 5 GB and the frontend's 0.5 GB only while they run; the other groups all month.
  const production = find('production').lines.find((l) => l.line === 'CloudWatch Logs ingestion')!.quantity;
  expect(production - quantity('CloudWatch Logs ingestion')!).toBeGreaterThanOrEqual((5 + 0.5) * (1 - (5 * (10 * 60 + 10)) / 60 / 168) - 1e-9);
  expect(find('staging').assumptions).toEqual(expect.arrayContaining([expect.stringMatching(/^scheduledStopMinutes: 10 /)]));
  expect(find('production').assumptions.some((a) => a.startsWith('scheduledStopMinutes'))).toBe(false);
});

test('the built-in defaults meet the cost goals: staging at most $150, production at most $900 a month', () => {
  expect(find('staging').total).toBeLessThanOrEqual(150);
  expect(find('production').total).toBeLessThanOrEqual(900);
});

test('each total is the sum of its lines, production above staging', () => {
  for (const e of estimates)
    expect(e.total).toBeCloseTo(
      e.lines.reduce((n, l) => n + l.monthly, 0),
      6,
    );
  expect(find('production').total).toBeGreaterThan(find('staging').total);
});
