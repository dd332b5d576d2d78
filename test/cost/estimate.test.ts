import { estimateEnvironment } from '../../lib/cost/estimate';
import { parsePriceFile } from '../../lib/cost/price-book';
import { splitTasks } from '../../lib/cost/pricers/compute';
import { runsPerMonth } from '../../lib/cost/pricers/context';
import { replicationGroupNodes } from '../../lib/cost/pricers/data';
import { costSummaries } from '../../lib/cost';
import { formatDiff, formatEstimate, summaryLine } from '../../lib/cost/report';
import { Estimate } from '../../lib/cost/types';
import { environment, priceFile, testAssumptions, testPriceBook } from './fixtures';

const estimate = (resources: Parameters<typeof environment>[0], other?: Parameters<typeof environment>[1], files?: Parameters<typeof testPriceBook>[0]): Estimate =>
  estimateEnvironment(environment(resources, other), testPriceBook(files), testAssumptions());
const monthly = (e: Estimate, line: string): number | undefined => e.lines.find((l) => l.line === line)?.monthly;
const close = (n: number | undefined) => Number(n?.toFixed(6));

describe('network', () => {
  // GIVEN one NAT gateway and its Elastic IP, an interface endpoint in 2 AZs, a gateway endpoint,
  // an internet-facing ALB in 3 subnets and a web ACL with 3 rules.
  const e = estimate({
    Eip: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } },
    Nat: { Type: 'AWS::EC2::NatGateway', Properties: { AllocationId: { 'Fn::GetAtt': ['Eip', 'AllocationId'] } } },
    Ecr: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Interface', SubnetIds: ['a', 'b'] } },
    S3: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Gateway' } },
    Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing', Subnets: ['a', 'b', 'c'] } },
    Acl: { Type: 'AWS::WAFv2::WebACL', Properties: { Rules: [{ Name: 'r1' }, { Name: 'r2' }, { Name: 'r3' }] } },
  });

  test('prices each line from the template and the stated assumptions', () => {
    expect(e.lines.map((l) => [l.line, close(l.quantity), close(l.monthly)])).toEqual(
      [
        ['NAT gateway hours', 730, 36.5],
        ['Public IPv4 addresses (load balancer, per AZ)', 2190, 10.95],
        ['Interface endpoint hours (per AZ)', 1460, 14.6],
        ['Application load balancer hours', 730, 14.6],
        ['WAF requests (million)', 10, 6],
        ['NAT gateway data processed', 100, 5],
        ['WAF web ACLs', 1, 5],
        ['Application load balancer LCUs', 730, 7.3],
        ['Public IPv4 addresses (Elastic IPs)', 730, 3.65],
        ['WAF rules', 3, 3],
        ['Interface endpoint data processed', 10, 0.1],
      ].sort((a, b) => (b[2] as number) - (a[2] as number) || String(a[0]).localeCompare(String(b[0]))),
    );
  });

  test('totals the lines', () => {
    // 36.5 + 5 + 3.65 + 14.6 + 0.1 + 14.6 + 7.3 + 10.95 + 5 + 3 + 6
    expect(close(e.total)).toBe(106.7);
    expect(e.unpriced).toEqual([]);
  });

  test('says which managed rule groups carry fees it does not price', () => {
    const bot = estimate({
      Acl: { Type: 'AWS::WAFv2::WebACL', Properties: { Rules: [{ Name: 'bots', Statement: { ManagedRuleGroupStatement: { Name: 'AWSManagedRulesBotControlRuleSet' } } }] } },
    });
    expect(bot.unpriced).toEqual([
      { resource: 'main/Acl', type: 'AWS::WAFv2::WebACL', reason: 'managed rule group AWSManagedRulesBotControlRuleSet carries extra fees that are not priced' },
    ]);
  });
});

describe('Fargate', () => {
  test('splits tasks: the base first, the rest by weight', () => {
    const strategy = [
      { CapacityProvider: 'FARGATE', Weight: 1, Base: 1 },
      { CapacityProvider: 'FARGATE_SPOT', Weight: 3, Base: 0 },
    ];
    expect(splitTasks(1, strategy)).toEqual({ onDemand: 1, spot: 0 });
    expect(splitTasks(5, strategy)).toEqual({ onDemand: 2, spot: 3 });
    expect(splitTasks(3, [])).toEqual({ onDemand: 3, spot: 0 });
  });

  test('prices vCPU and memory by architecture, Spot at its factor', () => {
    // GIVEN 5 tasks of 1 vCPU / 2 GB on ARM64: 2 on-demand, 3 on Spot.
    const e = estimate({
      Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: '1024', Memory: '2048', RuntimePlatform: { CpuArchitecture: 'ARM64' } } },
      Service: {
        Type: 'AWS::ECS::Service',
        Properties: {
          DesiredCount: 5,
          TaskDefinition: { Ref: 'Task' },
          CapacityProviderStrategy: [
            { CapacityProvider: 'FARGATE', Weight: 1, Base: 1 },
            { CapacityProvider: 'FARGATE_SPOT', Weight: 3, Base: 0 },
          ],
        },
      },
    });
    expect(close(monthly(e, 'Fargate vCPU-hours, ARM64 on-demand'))).toBe(2 * 730 * 0.03);
    expect(close(monthly(e, 'Fargate GB-hours, ARM64 on-demand'))).toBe(close(2 * 2 * 730 * 0.003));
    expect(close(monthly(e, 'Fargate vCPU-hours, ARM64 Spot'))).toBe(close(3 * 730 * 0.03 * 0.3));
    expect(close(e.total)).toBe(close(2 * 730 * (0.03 + 2 * 0.003) + 3 * 730 * (0.03 + 2 * 0.003) * 0.3));
  });

  test('a service whose task definition is elsewhere is unpriced, with the reason', () => {
    const e = estimate({ Service: { Type: 'AWS::ECS::Service', Properties: { TaskDefinition: 'arn:aws:ecs:eu-west-1:1:task-definition/x:1' } } });
    expect(e.unpriced).toEqual([{ resource: 'main/Service', type: 'AWS::ECS::Service', reason: 'task definition is not in the same template' }]);
  });
});

describe('data stores', () => {
  test('counts replication group nodes from shards and replicas, or NumCacheClusters', () => {
    expect(replicationGroupNodes({ NumNodeGroups: 2, ReplicasPerNodeGroup: 1 })).toBe(4);
    expect(replicationGroupNodes({ NumCacheClusters: 3 })).toBe(3);
    expect(replicationGroupNodes({})).toBe(1);
  });

  test('prices DocumentDB instances by class, storage and I/O, and the cache by node type', () => {
    const e = estimate({
      Cluster: { Type: 'AWS::DocDB::DBCluster', Properties: {} },
      I1: { Type: 'AWS::DocDB::DBInstance', Properties: { DBInstanceClass: 'db.r6g.large' } },
      I2: { Type: 'AWS::DocDB::DBInstance', Properties: { DBInstanceClass: 'db.r6g.large' } },
      Cache: {
        Type: 'AWS::ElastiCache::ReplicationGroup',
        Properties: { Engine: 'valkey', CacheNodeType: 'cache.m7g.large', NumNodeGroups: 1, ReplicasPerNodeGroup: 2, SnapshotRetentionLimit: 3 },
      },
    });
    expect(close(monthly(e, 'DocumentDB db.r6g.large instance hours'))).toBe(438);
    expect(close(monthly(e, 'DocumentDB storage'))).toBe(10);
    expect(close(monthly(e, 'DocumentDB I/O (million)'))).toBe(10);
    expect(close(monthly(e, 'ElastiCache valkey cache.m7g.large node hours'))).toBe(219);
    // Two snapshots beyond the free one, of 2 GB each.
    expect(close(monthly(e, 'ElastiCache snapshot storage'))).toBe(0.4);
    expect(close(e.total)).toBe(677.4);
  });

  test('an instance class without a price is reported, not skipped', () => {
    const e = estimate({ I: { Type: 'AWS::DocDB::DBInstance', Properties: { DBInstanceClass: 'db.r8g.large' } } });
    expect(e.lines).toEqual([]);
    expect(e.unpriced).toEqual([{ resource: 'main/I', type: 'AWS::DocDB::DBInstance', reason: "no price 'docdb.instance-hour:db.r8g.large' in pricing/eu-west-1.json" }]);
  });

  test('prices backups per rule, and copies at the destination region', () => {
    // GIVEN a daily rule kept 10 days (10 points: 1 full + 9 x 10%) copied to eu-central-1, of 100 GB DocumentDB.
    const resources = {
      Plan: {
        Type: 'AWS::Backup::BackupPlan',
        Properties: {
          BackupPlan: {
            BackupPlanRule: [
              {
                RuleName: 'Daily',
                ScheduleExpression: 'cron(0 5 * * ? *)',
                Lifecycle: { DeleteAfterDays: 10 },
                CopyActions: [{ DestinationBackupVaultArn: 'arn:aws:backup:eu-central-1:1:backup-vault:dr', Lifecycle: { DeleteAfterDays: 10 } }],
              },
            ],
          },
        },
      },
      Selection: {
        Type: 'AWS::Backup::BackupSelection',
        Properties: { BackupPlanId: { 'Fn::GetAtt': ['Plan', 'BackupPlanId'] }, BackupSelection: { Resources: ['arn:aws:rds:eu-west-1:1:cluster:db'] } },
      },
    };
    const withDr = estimate(resources, undefined, { 'eu-west-1': priceFile('eu-west-1'), 'eu-central-1': priceFile('eu-central-1', { 'backup.gb-month:docdb': 0.03 }) });
    expect(withDr.lines.map((l) => [l.line, close(l.quantity), close(l.monthly)])).toEqual(
      [
        ['Backup storage, DocumentDB copy (eu-central-1)', 190, 5.7],
        ['Backup storage, DocumentDB', 190, 3.8],
        ['Backup cross-region copy transfer', 304, 6.08],
      ].sort((a, b) => (b[2] as number) - (a[2] as number)),
    );
    // WHEN the destination region has no price file, THEN the copy is reported.
    const withoutDr = estimate(resources);
    expect(withoutDr.unpriced).toEqual([{ resource: 'main/Plan', type: 'AWS::Backup::BackupPlan', reason: "no price 'backup.gb-month:docdb' in pricing/eu-central-1.json" }]);
  });
});

describe('observability and Lambda', () => {
  test('bills metric math alarms per metric, high resolution and composite alarms apart, custom metrics once', () => {
    const metric = (name: string, period: number) => ({ Id: name, MetricStat: { Metric: { Namespace: 'App', MetricName: name }, Period: period, Stat: 'Sum' } });
    const e = estimate({
      Math: { Type: 'AWS::CloudWatch::Alarm', Properties: { Metrics: [{ Id: 'e', Expression: 'a/b' }, metric('a', 60), metric('b', 10)] } },
      Plain: { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization', Period: 60 } },
      Same: { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'App', MetricName: 'a', Period: 300 } },
      Composite: { Type: 'AWS::CloudWatch::CompositeAlarm', Properties: {} },
      Board: { Type: 'AWS::CloudWatch::Dashboard', Properties: {} },
    });
    expect(e.lines.map((l) => [l.line, l.quantity])).toEqual([
      ['CloudWatch dashboards', 1],
      ['CloudWatch custom metrics', 2],
      ['CloudWatch composite alarms', 1],
      ['CloudWatch alarm metrics, high resolution', 1],
      ['CloudWatch alarm metrics, standard resolution', 3],
    ]);
    expect(close(e.total)).toBe(close(3 + 0.6 + 0.5 + 0.3 + 0.3));
  });

  test('reads invocations from the schedule that targets a function', () => {
    const e = estimate({
      Fn: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 512, Architectures: ['arm64'] } },
      Every5: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(5 minutes)', Targets: [{ Arn: { 'Fn::GetAtt': ['Fn', 'Arn'] } }] } },
    });
    // 730 h x 12 = 8,760 invocations of 1 s at 0.5 GB.
    expect(e.lines.map((l) => [l.line, close(l.quantity)])).toEqual([
      ['Lambda compute GB-seconds, arm64', 4380],
      ['Lambda requests (million)', 0.00876],
    ]);
  });

  test('counts schedule runs a month', () => {
    expect(runsPerMonth('rate(1 minute)')).toBe(43800);
    expect(runsPerMonth('rate(2 hours)')).toBe(365);
    expect(runsPerMonth('cron(0 5 * * ? *)')).toBeCloseTo(30.4);
    expect(runsPerMonth('cron(0 5 ? * SUN *)')).toBeCloseTo(30.4 / 7);
    expect(runsPerMonth('cron(0 5 1 * ? *)')).toBe(1);
    expect(runsPerMonth('at(2026-12-01T00:00:00)')).toBeUndefined();
  });
});

describe('unknown and free types', () => {
  test('an unknown type is unpriced; free types and custom resources are not', () => {
    const e = estimate({
      Role: { Type: 'AWS::IAM::Role', Properties: {} },
      Custom: { Type: 'Custom::Anything', Properties: {} },
      Table: { Type: 'AWS::DynamoDB::Table', Properties: {} },
    });
    expect(e.unpriced).toEqual([{ resource: 'main/Table', type: 'AWS::DynamoDB::Table', reason: 'unknown resource type (neither priced nor listed free)' }]);
    expect(formatEstimate(e)).toContain('- main/Table (AWS::DynamoDB::Table): unknown resource type (neither priced nor listed free)');
  });
});

describe('price file', () => {
  test('names every invalid field', () => {
    const bad = { ...priceFile('eu-west-1'), lookedUp: 'November', prices: { 'nat.hour': { usd: -1, per: 'h', source: 'test', basis: 'guess' } } };
    expect(() => parsePriceFile(bad, 'pricing/eu-west-1.json')).toThrow(
      'Invalid price file:\n' +
        '  - pricing/eu-west-1.json: lookedUp: a date, YYYY-MM-DD\n' +
        '  - pricing/eu-west-1.json: prices.nat.hour.usd: Too small: expected number to be >=0\n' +
        '  - pricing/eu-west-1.json: prices.nat.hour.basis: Invalid option: expected one of "page"|"page-us-east-1"|"readme"|"unverified"',
    );
  });

  test('rejects a price citing a source the file does not list', () => {
    const bad = { ...priceFile('eu-west-1'), sources: { other: 'https://example.com' } };
    expect(() => parsePriceFile(bad, 'p.json')).toThrow("  - p.json: prices.nat.hour.source: 'test' is not a key of 'sources' (other)");
  });
});

describe('diff', () => {
  test('prints what a change adds or saves per environment and line', () => {
    const before = estimate({ Nat: { Type: 'AWS::EC2::NatGateway', Properties: {} } });
    const after = estimate({
      Nat: { Type: 'AWS::EC2::NatGateway', Properties: {} },
      Nat2: { Type: 'AWS::EC2::NatGateway', Properties: {} },
      Board: { Type: 'AWS::CloudWatch::Dashboard', Properties: {} },
    });
    expect(formatDiff('main', [before], [after])).toBe(
      [
        '## Cost change against main',
        '',
        '### test: $41.50 -> $86.00 a month (+$44.50)',
        '',
        '| line | before | after | change |',
        '|---|---:|---:|---:|',
        '| NAT gateway hours | $36.50 | $73.00 | +$36.50 |',
        '| NAT gateway data processed | $5.00 | $10.00 | +$5.00 |',
        '| CloudWatch dashboards | $0.00 | $3.00 | +$3.00 |',
        '',
      ].join('\n'),
    );
    expect(formatDiff('main', [after], [before])).toContain('| NAT gateway hours | $73.00 | $36.50 | -$36.50 |');
  });
});

describe('synth summary', () => {
  test('an assembly the estimator cannot read gives a line saying why, not a crash', () => {
    const line = costSummaries('/nonexistent/cdk.out')('staging');
    expect(line).toBe('estimated cost: unavailable (No cloud assembly at /nonexistent/cdk.out (missing manifest.json): run npm run synth first.)');
  });

  test('says how many resources are unpriced', () => {
    const e = estimate({ Nat: { Type: 'AWS::EC2::NatGateway', Properties: {} }, Table: { Type: 'AWS::DynamoDB::Table', Properties: {} } });
    expect(summaryLine(e)).toBe('estimated cost: $41.50/month (on-demand list prices, stated assumptions, 1 resource(s) unpriced (npm run cost))');
  });
});
