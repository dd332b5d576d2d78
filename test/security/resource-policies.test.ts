import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { STAGING } from '../../lib/config/environments';
import { EnvironmentStage } from '../../lib/stages/environment-stage';
import { synthEnvironments } from '../helpers/app';
import { configWith } from '../helpers/configs';
import { unpinnedServiceGrants } from '../helpers/resource-policies';

// GIVEN both environments synthesized once in one app; production with its interface endpoints on,
// so their policies are checked too (the default leaves them off, docs/cost.md)
let stages: EnvironmentStage[];
const templates = new Map<string, any>();
beforeAll(() => {
  ({ stages } = synthEnvironments([STAGING, configWith('production', { network: { interfaceEndpoints: true } })]));
  for (const stage of stages) {
    for (const stack of stage.node.children.filter(Stack.isStack)) templates.set(`${stage.stageName}/${stack.node.id}`, Template.fromStack(stack).toJSON());
  }
});
const template = (env: string, stackId: string) => templates.get(`${env}/${stackId}`);
const resourcesOf = (t: any, type: string): any[] => Object.values<any>(t.Resources).filter((r) => r.Type === type);

describe('every resource policy that grants an AWS service pins the source account', () => {
  test('all stacks of both environments', () => {
    expect(templates.size).toBeGreaterThanOrEqual(18);
    const unpinned = [...templates].flatMap(([name, t]) => unpinnedServiceGrants(t).map((g) => `${name} ${g.type} ${g.resource}: ${JSON.stringify(g.statement)}`));
    expect(unpinned).toEqual([]);
  });

  test('the check finds an unpinned grant in any policy-bearing resource, and accepts the pinned forms', () => {
    const grant = (Condition?: object) => ({ Effect: 'Allow', Principal: { Service: ['events.amazonaws.com'] }, Action: 'sns:Publish', Resource: '*', Condition });
    const found = unpinnedServiceGrants({
      Resources: {
        Topic: { Type: 'AWS::SNS::TopicPolicy', Properties: { PolicyDocument: { Statement: [grant()] } } },
        Vault: { Type: 'AWS::Backup::BackupVault', Properties: { AccessPolicy: { Statement: [grant()] } } },
        Logs: { Type: 'AWS::Logs::ResourcePolicy', Properties: { PolicyDocument: JSON.stringify({ Statement: [grant()] }) } },
        Invoke: { Type: 'AWS::Lambda::Permission', Properties: { Principal: 'elasticloadbalancing.amazonaws.com', Action: 'lambda:InvokeFunction' } },
        Pinned: { Type: 'AWS::SNS::TopicPolicy', Properties: { PolicyDocument: { Statement: [grant({ StringEquals: { 'aws:SourceAccount': '1' } })] } } },
        ByArn: { Type: 'AWS::SQS::QueuePolicy', Properties: { PolicyDocument: { Statement: [grant({ ArnLike: { 'aws:SourceArn': 'arn:x' } })] } } },
        Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Statement: [grant({ ArnLike: { 'kms:EncryptionContext:aws:sns:topicArn': 'arn:x' } })] } } },
        Deny: { Type: 'AWS::S3::BucketPolicy', Properties: { PolicyDocument: { Statement: [{ ...grant(), Effect: 'Deny' }] } } },
        PinnedInvoke: { Type: 'AWS::Lambda::Permission', Properties: { Principal: 'events.amazonaws.com', SourceArn: 'arn:x' } },
        Trust: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [grant()] } } },
      },
    });
    expect(found.map((f) => f.resource)).toEqual(['Topic', 'Vault', 'Logs', 'Invoke']);
  });

  test("alarm topics take publishes from this account only; their key only for this environment's topics", () => {
    const alerting = template('production', 'Alerting');
    for (const policy of resourcesOf(alerting, 'AWS::SNS::TopicPolicy')) {
      const publish = policy.Properties.PolicyDocument.Statement.find((s: any) => s.Sid === 'AllowAlarmPublishersOfThisAccount');
      expect(publish.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '222222222222' } });
      expect(publish.Principal.Service).toEqual(expect.arrayContaining(['cloudwatch.amazonaws.com', 'events.amazonaws.com', 'backup.amazonaws.com', 'events.rds.amazonaws.com']));
    }
    const [key] = resourcesOf(alerting, 'AWS::KMS::Key');
    const services = key.Properties.KeyPolicy.Statement.filter((s: any) => s.Principal?.Service);
    expect(services).toHaveLength(1);
    expect(services[0].Condition).toEqual({ ArnLike: { 'kms:EncryptionContext:aws:sns:topicArn': 'arn:aws:sns:eu-west-1:222222222222:production-flashcard-lms-*' } });
  });

  test("the status page's load-balancer permission names this account", () => {
    const [permission] = resourcesOf(template('production', 'Monitoring'), 'AWS::Lambda::Permission').filter(
      (p) => p.Properties.Principal === 'elasticloadbalancing.amazonaws.com',
    );
    expect(permission.Properties.SourceAccount).toBe('222222222222');
  });
});

describe('least privilege', () => {
  test("the load-balancer log bucket is versioned and only the Region's ELB account writes this account's prefix", () => {
    const services = template('production', 'Services');
    const [bucket] = resourcesOf(services, 'AWS::S3::Bucket');
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    const [policy] = resourcesOf(services, 'AWS::S3::BucketPolicy');
    const allows = policy.Properties.PolicyDocument.Statement.filter((s: any) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    // eu-west-1 predates August 2022: its ELB account 156460612806 delivers the logs.
    expect(allows[0].Principal).toEqual({ AWS: 'arn:aws:iam::156460612806:root' });
    expect(JSON.stringify(allows[0].Resource)).toContain('/alb/AWSLogs/222222222222/*');
    expect(JSON.stringify(policy)).not.toContain('delivery.logs.amazonaws.com');
  });

  test('the uploads file system: no root, only through an access point, only tagged task roles', () => {
    const [fs] = resourcesOf(template('production', 'Data'), 'AWS::EFS::FileSystem');
    const statements = fs.Properties.FileSystemPolicy.Statement;
    const bySid = Object.fromEntries(statements.filter((s: any) => s.Sid).map((s: any) => [s.Sid, s]));
    expect(Object.keys(bySid).sort()).toEqual([
      'AllowUploadsClientsThroughAccessPoint',
      'DenyMountExceptUploadsClients',
      'DenyMountWithoutAccessPoint',
      'DenyRootAccess',
      'DenyUnencryptedTransport',
    ]);
    // The one unnamed statement is CDK's "no anonymous access" grant; the explicit denies above override it.
    expect(statements.filter((s: any) => !s.Sid)).toEqual([
      {
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['elasticfilesystem:ClientRootAccess', 'elasticfilesystem:ClientWrite'],
        Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' } },
      },
    ]);
    expect(bySid.DenyRootAccess).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'elasticfilesystem:ClientRootAccess' });
    expect(bySid.DenyMountWithoutAccessPoint).toMatchObject({
      Effect: 'Deny',
      Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
      Condition: { ArnNotLike: { 'elasticfilesystem:AccessPointArn': 'arn:aws:elasticfilesystem:eu-west-1:222222222222:access-point/*' } },
    });
    expect(bySid.DenyMountExceptUploadsClients).toMatchObject({ Effect: 'Deny', Condition: { StringNotEquals: { 'aws:PrincipalTag/flashcard-lms:uploads-client': 'true' } } });
    expect(bySid.AllowUploadsClientsThroughAccessPoint.Action).not.toContain('elasticfilesystem:ClientRootAccess');
    // Only the backend task role carries the tag.
    const tagged = Object.entries<any>(template('production', 'Services').Resources)
      .filter(([, r]) => r.Type === 'AWS::IAM::Role' && (r.Properties.Tags ?? []).some((t: any) => t.Key === 'flashcard-lms:uploads-client'))
      .map(([id]) => id);
    expect(tagged).toEqual([expect.stringMatching(/^BackendTaskDefinitionTaskRole/)]);
  });

  test("VPC endpoints allow only this account's principals and resources, plus ECR's layer bucket on S3", () => {
    for (const env of ['staging', 'production']) {
      const account = env === 'production' ? '222222222222' : '111111111111';
      const endpoints = resourcesOf(template(env, 'Network'), 'AWS::EC2::VPCEndpoint');
      expect(endpoints.length).toBe(env === 'production' ? 5 : 1);
      for (const endpoint of endpoints) {
        const statements = endpoint.Properties.PolicyDocument.Statement;
        expect(statements).toContainEqual({
          Sid: 'ThisAccountOnly',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: '*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalAccount': account, 'aws:ResourceAccount': account } },
        });
        for (const s of statements) expect(s.Condition.StringEquals['aws:PrincipalAccount']).toBe(account);
      }
      const s3 = endpoints.find((e) => e.Properties.VpcEndpointType === 'Gateway');
      expect(s3.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Sid: 'EcrImageLayers', Action: 's3:GetObject', Resource: 'arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*' }),
      );
    }
  });

  test('security groups: the data tier sends nothing; workloads send HTTPS plus the data-tier ports they were let into', () => {
    const blocked = [{ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic', FromPort: 252, IpProtocol: 'icmp', ToPort: 86 }];
    const data = template('production', 'Data');
    for (const id of ['DocumentDbSecurityGroup', 'CacheSecurityGroup', 'UploadsSecurityGroup']) {
      const [group] = Object.entries<any>(data.Resources).filter(([key, r]) => r.Type === 'AWS::EC2::SecurityGroup' && key.startsWith(id));
      expect(group[1].Properties.SecurityGroupEgress).toEqual(blocked);
    }
    // Egress rules in this stack belong to the rotation functions beside the data tier, never to it.
    const egressFrom = resourcesOf(data, 'AWS::EC2::SecurityGroupEgress').map((e) => e.Properties.GroupId['Fn::GetAtt'][0]);
    expect(egressFrom.filter((id: string) => /^(DocumentDbSecurityGroup|CacheSecurityGroup|UploadsSecurityGroup)/.test(id))).toEqual([]);
    expect(egressFrom).toEqual(['CacheRotationSecurityGroupA3E12CA3']);

    const services = template('production', 'Services');
    const [backendSg] = Object.entries<any>(services.Resources).filter(([id, r]) => r.Type === 'AWS::EC2::SecurityGroup' && id.startsWith('BackendSecurityGroup'));
    expect(backendSg[1].Properties.SecurityGroupEgress).toEqual([
      { CidrIp: '0.0.0.0/0', Description: 'HTTPS: image pulls, logs, secrets and AWS APIs', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
    ]);
    const backendEgress = resourcesOf(services, 'AWS::EC2::SecurityGroupEgress').filter((e) => e.Properties.GroupId['Fn::GetAtt']?.[0] === backendSg[0]);
    expect(backendEgress.map((e) => e.Properties.FromPort).sort()).toEqual([2049, 27017, 6379]);
    // Only the CDK-made secret rotation functions keep all-traffic egress (docs/security-network.md),
    // and staging's NAT instance, whose job is forwarding it.
    const open = [...templates].flatMap(([name, t]) =>
      Object.entries<any>(t.Resources)
        .filter(([, r]) => r.Type === 'AWS::EC2::SecurityGroup' && (r.Properties.SecurityGroupEgress ?? []).some((e: any) => e.IpProtocol === '-1'))
        .map(([id]) => `${name}/${id}`),
    );
    expect(open.sort()).toEqual([
      expect.stringMatching(/^production\/Data\/DocumentDbMasterRotationSecurityGroup/),
      expect.stringMatching(/^staging\/Data\/DocumentDbMasterRotationSecurityGroup/),
      expect.stringMatching(/^staging\/Network\/NetworkVpcNatSecurityGroup/),
    ]);
  });
});
