import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { EnvironmentConfig } from '../../lib/config';
import { PRODUCTION, STAGING } from '../../lib/config/environments';
import { describeFindings, synthEnvironment, SynthesizedEnvironment } from '../helpers/app';

// GIVEN both environments synthesized once, plus an explicit image tag and a monorepo build
let prod: SynthesizedEnvironment;
let staging: SynthesizedEnvironment;
let t: Template;
beforeAll(() => {
  prod = synthEnvironment(PRODUCTION);
  // Staging on a placeholder tag, as before its first release.
  staging = synthEnvironment({ ...STAGING, images: { backendTag: 'staging-latest', frontendTag: 'staging-latest' } });
  t = prod.template('Services');
});

const containerOf = (template: Template, family: string): any => {
  const defs = Object.values<any>(template.findResources('AWS::ECS::TaskDefinition', { Properties: { Family: family } }));
  expect(defs).toHaveLength(1);
  return defs[0].Properties;
};

test('cdk-nag reports no unacknowledged error', () => {
  expect(describeFindings(prod.findings)).toEqual([]);
  expect(describeFindings(staging.findings)).toEqual([]);
});

describe('images', () => {
  test('ECR repositories scan on push, have immutable tags and lifecycle rules, and are retained', () => {
    const registry = prod.template('Registry');
    for (const service of ['backend', 'frontend']) {
      registry.hasResource('AWS::ECR::Repository', {
        Properties: Match.objectLike({
          RepositoryName: `flashcard-lms/production/${service}`,
          ImageScanningConfiguration: { ScanOnPush: true },
          ImageTagMutability: 'IMMUTABLE',
          LifecyclePolicy: { LifecyclePolicyText: Match.stringLikeRegexp('"tagStatus":"untagged"') },
        }),
        DeletionPolicy: 'RetainExceptOnCreate',
      });
    }
    expect(prod.stage.registry.terminationProtection).toBe(true);
  });

  test('services pull the pinned tag from their repository', () => {
    const backend = containerOf(t, 'production-backend').ContainerDefinitions[0];
    expect(JSON.stringify(backend.Image)).toContain(`:${PRODUCTION.images.backendTag}"`);
  });

  test('staging warns about its placeholder tag at synth', () => {
    Annotations.fromStack(staging.stage.services).hasWarning('*', Match.stringLikeRegexp('runs image tag "staging-latest", which names no release'));
  });

  test('-c imageTag= deploys that tag', () => {
    const { loadEnvironments } = require('../../lib/config');
    const [config] = loadEnvironments({ only: ['staging'], imageTag: '3f2c1d0e9b8a' });
    const env = synthEnvironment(config);
    const image = JSON.stringify(containerOf(env.template('Services'), 'staging-frontend').ContainerDefinitions[0].Image);
    expect(image).toMatch(/:3f2c1d0e9b8a"/);
    Annotations.fromStack(env.stage.services).hasNoWarning('*', Match.stringLikeRegexp('names no release'));
  });

  test('images build from a monorepo checkout with images.buildFrom', () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'monorepo-'));
    for (const service of ['backend', 'frontend']) {
      fs.mkdirSync(path.join(repo, service));
      fs.writeFileSync(path.join(repo, service, `Dockerfile.${service}`), 'FROM scratch\n');
    }
    const config: EnvironmentConfig = { ...PRODUCTION, images: { ...PRODUCTION.images, buildFrom: repo } };
    const env = synthEnvironment(config);
    const image = JSON.stringify(containerOf(env.template('Services'), 'production-backend').ContainerDefinitions[0].Image);
    expect(image).toMatch(/cdk-hnb659fds-container-assets/);
    // The migration runs for the built image: its tag is the build's content hash, the tag the services pull.
    const [hash] = image.match(/[0-9a-f]{64}/)!;
    env.template('Migration').hasResourceProperties('Custom::DatabaseMigration', { ImageTag: hash });
    env.template('Migration').hasResourceProperties('Custom::DatabaseBootstrap', { RunToken: Match.stringLikeRegexp('^[0-9a-f]{64}$') });
  });
});

describe('cluster and services', () => {
  test('Container Insights and Fargate capacity providers', () => {
    t.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }] });
    t.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', { CapacityProviders: Match.arrayWith(['FARGATE', 'FARGATE_SPOT']) });
  });

  test('capacity strategy from config: Spot only adds to on-demand in staging', () => {
    t.hasResourceProperties('AWS::ECS::Service', { ServiceName: 'backend', CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1, Base: 2 }] });
    staging.template('Services').hasResourceProperties('AWS::ECS::Service', {
      ServiceName: 'backend',
      CapacityProviderStrategy: [
        { CapacityProvider: 'FARGATE', Weight: 1, Base: 1 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 3, Base: 0 },
      ],
    });
  });

  test('tasks in private subnets without public IPs', () => {
    for (const svc of Object.values<any>(t.findResources('AWS::ECS::Service'))) {
      const net = svc.Properties.NetworkConfiguration.AwsvpcConfiguration;
      expect(net.AssignPublicIp).toBe('DISABLED');
      expect(JSON.stringify(net.Subnets)).toMatch(/PrivateSubnet/);
      expect(JSON.stringify(net.Subnets)).not.toMatch(/PublicSubnet|IsolatedSubnet/);
    }
  });

  test('CPU, memory and architecture from config', () => {
    expect(containerOf(t, 'production-backend')).toMatchObject({ Cpu: '1024', Memory: '2048', RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' } });
    expect(containerOf(t, 'production-frontend')).toMatchObject({ Cpu: '256', Memory: '512' });
    expect(containerOf(staging.template('Services'), 'staging-backend')).toMatchObject({ RuntimePlatform: { CpuArchitecture: 'X86_64' } });
  });

  test('backend gets the plan settings as environment and its secrets only as ECS secrets', () => {
    const backend = containerOf(t, 'production-backend').ContainerDefinitions[0];
    const env = Object.fromEntries(backend.Environment.map((e: any) => [e.Name, e.Value]));
    expect(env).toEqual({
      ENVIRONMENT: 'production',
      DEBUG: 'false',
      LOG_LEVEL: 'INFO',
      CORS_ORIGINS: '["https://flashcard-lms.com","https://www.flashcard-lms.com"]',
      API_BASE_URL: 'https://api.flashcard-lms.com',
      FRONTEND_URL: 'https://flashcard-lms.com',
      UPLOAD_PATH: '/app/uploads',
      MAX_FILE_SIZE: '10485760',
      RATE_LIMIT_REQUESTS_PER_MINUTE: '60',
      RATE_LIMIT_REQUESTS_PER_HOUR: '1000',
      DATABASE_NAME: 'flashcard_lms',
    });
    expect(backend.Secrets.map((s: any) => s.Name).sort()).toEqual(['DATABASE_URL', 'JWT_SECRET_KEY', 'JWT_SECRET_KEY_NEXT', 'JWT_SECRET_KEY_PREVIOUS', 'REDIS_URL', 'SENTRY_DSN']);
    for (const secret of backend.Secrets)
      expect(JSON.stringify(secret.ValueFrom)).toMatch(/flashcard-lms-production-security.*Secrets(DatabaseUrl|RedisUrl|JwtSigningKey|SentryDsn)/);
    expect(JSON.stringify(backend.Secrets.find((s: any) => s.Name === 'SENTRY_DSN').ValueFrom)).toMatch(/:dsn::/);
  });

  test('tasks are hardened: non-root, read-only root, init process, no privileges, scratch volumes', () => {
    const backend = containerOf(t, 'production-backend').ContainerDefinitions[0];
    expect(backend).toMatchObject({ User: '1000:1000', ReadonlyRootFilesystem: true, Privileged: false, LinuxParameters: { InitProcessEnabled: true } });
    expect(backend.MountPoints.map((m: any) => m.ContainerPath).sort()).toEqual(['/app/logs', '/app/uploads', '/tmp']);
    const frontend = containerOf(t, 'production-frontend').ContainerDefinitions[0];
    expect(frontend).toMatchObject({
      User: '101:101',
      ReadonlyRootFilesystem: true,
      SystemControls: [{ Namespace: 'net.ipv4.ip_unprivileged_port_start', Value: '0' }],
    });
    expect(frontend.MountPoints.map((m: any) => m.ContainerPath).sort()).toEqual(['/tmp', '/var/cache/nginx', '/var/run']);
  });

  test('uploads mount the EFS access point with TLS and IAM; the task role may mount only through it', () => {
    const volume = containerOf(t, 'production-backend').Volumes.find((v: any) => v.Name === 'uploads');
    expect(volume.EFSVolumeConfiguration).toMatchObject({ TransitEncryption: 'ENABLED', AuthorizationConfig: { IAM: 'ENABLED', AccessPointId: expect.anything() } });
    expect(JSON.stringify(volume.EFSVolumeConfiguration.AuthorizationConfig.AccessPointId)).toMatch(/UploadsAccessPoint/);
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
            Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  test('logs go to encrypted log groups with retention', () => {
    for (const service of ['backend', 'frontend']) {
      t.hasResource('AWS::Logs::LogGroup', {
        Properties: { LogGroupName: `/flashcard-lms/production/${service}`, RetentionInDays: 365, KmsKeyId: Match.anyValue() },
        DeletionPolicy: 'RetainExceptOnCreate',
      });
    }
    const backend = containerOf(t, 'production-backend').ContainerDefinitions[0];
    expect(backend.LogConfiguration.LogDriver).toBe('awslogs');
  });

  test('ECS Exec is off in production, and logged and encrypted where config turns it on', () => {
    t.allResourcesProperties('AWS::ECS::Service', { EnableExecuteCommand: false });
    const stg = staging.template('Services');
    stg.hasResourceProperties('AWS::ECS::Service', { EnableExecuteCommand: true });
    stg.hasResourceProperties('AWS::ECS::Cluster', {
      Configuration: {
        ExecuteCommandConfiguration: {
          KmsKeyId: Match.anyValue(),
          Logging: 'OVERRIDE',
          LogConfiguration: { CloudWatchEncryptionEnabled: true, CloudWatchLogGroupName: Match.anyValue() },
        },
      },
    });
  });

  test('container health checks: backend liveness, frontend /health', () => {
    const backend = containerOf(t, 'production-backend').ContainerDefinitions[0];
    expect(backend.HealthCheck).toMatchObject({ Command: ['CMD-SHELL', expect.stringContaining('http://localhost:8000/health ')], Retries: 3, StartPeriod: 30 });
    const frontend = containerOf(t, 'production-frontend').ContainerDefinitions[0];
    expect(frontend.HealthCheck.Command[1]).toContain('http://localhost:80/health');
  });

  test('target groups check readiness and drain and ramp gently', () => {
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 8000,
      TargetType: 'ip',
      HealthCheckPath: '/health/detailed',
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 3,
      HealthCheckIntervalSeconds: 10,
      TargetGroupAttributes: Match.arrayWith([
        { Key: 'deregistration_delay.timeout_seconds', Value: '30' },
        { Key: 'slow_start.duration_seconds', Value: '30' },
      ]),
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 80, HealthCheckPath: '/health' });
  });

  // Strategies per environment and service: test/stacks/progressive-delivery.test.ts.
  test('zero-downtime deploys with full capacity and alarm rollback; the circuit breaker where ECS supports it', () => {
    for (const [template, env] of [
      [t, 'production'],
      [staging.template('Services'), 'staging'],
    ] as const) {
      for (const service of ['backend', 'frontend']) {
        template.hasResourceProperties('AWS::ECS::Service', {
          ServiceName: service,
          DeploymentConfiguration: Match.objectLike({
            MinimumHealthyPercent: 100,
            MaximumPercent: 200,
            Alarms: {
              AlarmNames: [`${env}-${service}-deploy-target-5xx`, `${env}-${service}-deploy-unhealthy-targets`, `${env}-${service}-deploy-p95-latency`],
              Enable: true,
              Rollback: true,
            },
          }),
        });
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          AlarmName: `${env}-${service}-deploy-target-5xx`,
          Metrics: Match.arrayWith([Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'HTTPCode_Target_5XX_Count' }) }) })]),
        });
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          AlarmName: `${env}-${service}-deploy-unhealthy-targets`,
          Metrics: Match.arrayWith([Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'UnHealthyHostCount' }) }) })]),
        });
      }
    }
    // Rolling (staging) and blue/green (production frontend) keep the circuit breaker; canary relies on alarms and the hook.
    staging
      .template('Services')
      .hasResourceProperties('AWS::ECS::Service', { DeploymentConfiguration: Match.objectLike({ DeploymentCircuitBreaker: { Enable: true, Rollback: true } }) });
    t.hasResourceProperties('AWS::ECS::Service', {
      ServiceName: 'frontend',
      DeploymentConfiguration: Match.objectLike({ DeploymentCircuitBreaker: { Enable: true, Rollback: true } }),
    });
  });

  test('autoscaling: min and max from config, target tracking on CPU and requests per target', () => {
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 3, MaxCapacity: 12 });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 6 });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, TargetValue: 60 }),
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }),
        TargetValue: 1000,
      }),
    });
  });
});

describe('security groups', () => {
  test('only the load balancer reaches the services, only the backend reaches the data tier', () => {
    const rules = Object.values<any>(t.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties);
    const summary = rules.map((r) => `${JSON.stringify(r.SourceSecurityGroupId).match(/(Edge|Backend|Frontend)\w*SecurityGroup/)?.[1]}->${r.FromPort}`).sort();
    expect(summary).toEqual(['Backend->2049', 'Backend->27017', 'Backend->6379', 'Edge->80', 'Edge->8000']);
    for (const r of rules) expect(r.FromPort).toBe(r.ToPort);
    const groups = Object.values<any>(t.findResources('AWS::EC2::SecurityGroup')).map((g) => g.Properties);
    const alb = groups.find((g) => /load balancer/.test(g.GroupDescription));
    expect(alb.SecurityGroupIngress.map((i: any) => `${i.CidrIp}:${i.FromPort}`).sort()).toEqual(['0.0.0.0/0:443', '0.0.0.0/0:80']);
    for (const g of groups.filter((x) => x !== alb)) expect(g.SecurityGroupIngress ?? []).toEqual([]);
  });
});

describe('edge', () => {
  test('internet-facing ALB in public subnets, invalid headers dropped, access logs, deletion protection in production', () => {
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'deletion_protection.enabled', Value: 'true' },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
      ]),
    });
    const alb: any = Object.values(t.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0];
    expect(JSON.stringify(alb.Properties.Subnets)).toMatch(/PublicSubnet1/);
    expect(JSON.stringify(alb.Properties.Subnets)).not.toMatch(/PrivateSubnet|IsolatedSubnet/);
    // Every environment (Control Tower CT.ELASTICLOADBALANCING.PR.5).
    staging.template('Services').hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'true' }]),
    });
  });

  test('access log bucket is encrypted, SSL-only, private, with lifecycle, retained', () => {
    t.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 365, Status: 'Enabled' })]) },
      }),
      DeletionPolicy: 'RetainExceptOnCreate',
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('DNS-validated certificate covers the site, api., status. and www. when asked', () => {
    t.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'flashcard-lms.com',
      SubjectAlternativeNames: ['api.flashcard-lms.com', 'status.flashcard-lms.com', 'www.flashcard-lms.com'],
      ValidationMethod: 'DNS',
      DomainValidationOptions: Match.arrayWith([{ DomainName: 'flashcard-lms.com', HostedZoneId: PRODUCTION.domain.hostedZoneId }]),
    });
    staging.template('Services').hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'staging.flashcard-lms.com',
      SubjectAlternativeNames: ['api.staging.flashcard-lms.com', 'status.staging.flashcard-lms.com'],
    });
  });

  test('HTTPS with a TLS 1.3/1.2 policy, 404 for unknown hosts, security headers, server header off', () => {
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'Not found' } }],
      ListenerAttributes: [
        { Key: 'routing.http.response.strict_transport_security.header_value', Value: 'max-age=31536000; includeSubDomains' },
        {
          Key: 'routing.http.response.content_security_policy.header_value',
          Value: Match.stringLikeRegexp("^default-src 'self'; .*connect-src 'self' https://api.flashcard-lms.com$"),
        },
        { Key: 'routing.http.response.x_frame_options.header_value', Value: 'DENY' },
        { Key: 'routing.http.response.x_content_type_options.header_value', Value: 'nosniff' },
        { Key: 'routing.http.response.server.enabled', Value: 'false' },
      ],
    });
  });

  test('HTTP redirects to HTTPS', () => {
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
  });

  test('host rules: api. to the backend, the site (and www.) to the frontend', () => {
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 10,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['api.flashcard-lms.com'] } }],
      Actions: [
        Match.objectLike({
          Type: 'forward',
          ForwardConfig: {
            TargetGroups: [Match.objectLike({ TargetGroupArn: { Ref: Match.stringLikeRegexp('^BackendTargetGroup') }, Weight: 100 }), Match.objectLike({ Weight: 0 })],
          },
        }),
      ],
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 20,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['flashcard-lms.com', 'www.flashcard-lms.com'] } }],
      Actions: [
        Match.objectLike({
          ForwardConfig: { TargetGroups: [Match.objectLike({ TargetGroupArn: { Ref: Match.stringLikeRegexp('^FrontendTargetGroup') } }), Match.objectLike({ Weight: 0 })] },
        }),
      ],
    });
  });

  test('alias records for the site, api., status. (and www.)', () => {
    const names = Object.values<any>(t.findResources('AWS::Route53::RecordSet'))
      .map((r) => r.Properties.Name)
      .sort();
    expect(names).toEqual(['api.flashcard-lms.com.', 'flashcard-lms.com.', 'status.flashcard-lms.com.', 'www.flashcard-lms.com.']);
    t.allResourcesProperties('AWS::Route53::RecordSet', { Type: 'A', HostedZoneId: PRODUCTION.domain.hostedZoneId, AliasTarget: Match.anyValue() });
    staging.template('Services').resourceCountIs('AWS::Route53::RecordSet', 3);
  });
});

describe('WAF', () => {
  test('the web ACL sits on the load balancer and scopes API limits to the api. host (rules: test/constructs/security/web-acl.test.ts)', () => {
    const acl: any = Object.values(t.findResources('AWS::WAFv2::WebACL'))[0].Properties;
    expect(acl.Scope).toBe('REGIONAL');
    const perUser = acl.Rules.find((r: any) => r.Name === 'ApiPerUserPerMinute').Statement.RateBasedStatement;
    expect(perUser.Limit).toBe(PRODUCTION.services.rateLimitPerMinute);
    expect(JSON.stringify(perUser.ScopeDownStatement)).toContain('"SearchString":"api.flashcard-lms.com"');
    t.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
  });

  test('logs to CloudWatch with Authorization and Cookie redacted', () => {
    t.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
    });
    t.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: 'aws-waf-logs-production-flashcard-lms', KmsKeyId: Match.anyValue() });
  });
});

test('outputs the URLs, load balancer, cluster, services and repositories', () => {
  const outputs = Object.keys(t.toJSON().Outputs);
  for (const name of ['SiteUrl', 'ApiUrl', 'StatusUrl', 'LoadBalancerDnsName', 'ClusterName', 'BackendServiceName', 'FrontendServiceName']) {
    expect(outputs).toContain(name);
  }
  t.hasOutput('ApiUrl', { Value: 'https://api.flashcard-lms.com' });
  expect(Object.keys(prod.template('Registry').toJSON().Outputs)).toEqual(expect.arrayContaining(['BackendRepositoryUri', 'FrontendRepositoryUri']));
});

test('no secret value in the service templates', () => {
  const json = JSON.stringify(t.toJSON());
  expect(json).not.toMatch(/"SecretString"|JWT_SECRET_KEY","Value"|DATABASE_URL","Value"/);
});
