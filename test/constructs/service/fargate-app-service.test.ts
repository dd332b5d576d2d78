import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AlarmFactory } from '../../../lib/constructs/observability/alarm-factory';
import { FargateAppService } from '../../../lib/constructs/service/fargate-app-service';

// GIVEN a bare stack with a VPC, a cluster, a listener and an alarm factory
let template: Template;
let service: FargateAppService;
beforeAll(() => {
  const stack = new Stack(new App(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, enableFargateCapacityProviders: true });
  const listener = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc, internetFacing: true }).addListener('Http', {
    port: 80,
    defaultAction: elbv2.ListenerAction.fixedResponse(404),
  });
  const topic = new sns.Topic(stack, 'Topic');
  // WHEN
  service = new FargateAppService(stack, 'Backend', {
    envName: 'staging',
    serviceName: 'backend',
    cluster,
    vpc,
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/python:3.13'),
    sizing: { cpu: 512, memoryMiB: 1024, desiredCount: 2, minCount: 2, maxCount: 6, targetCpuPercent: 60, targetRequestsPerTarget: 500 },
    cpuArchitecture: ecs.CpuArchitecture.ARM64,
    capacityProviders: [{ capacityProvider: 'FARGATE', weight: 1 }],
    containerPort: 8000,
    user: '10001:10001',
    environment: { APP_ENV: 'staging' },
    healthCheckCommand: 'curl -f http://localhost:8000/health || exit 1',
    scratchPaths: ['/tmp'],
    logsKey: new kms.Key(stack, 'Key'),
    logRetentionDays: 30,
    enableExecuteCommand: false,
    readinessPath: '/health/ready',
    listener,
    hostHeaders: ['api.example.com'],
    listenerPriority: 10,
    alarms: new AlarmFactory(stack, 'Alarms', { envName: 'staging', critical: topic, warning: topic, dashboardUrl: 'https://d' }),
    delivery: { strategy: { strategy: 'rolling' }, latencyP95Seconds: 2 },
  });
  template = Template.fromStack(stack);
});

test('the task runs as the given non-root user on a read-only root file system with writable scratch paths', () => {
  template.hasResourceProperties('AWS::ECS::TaskDefinition', {
    Cpu: '512',
    Memory: '1024',
    RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
    ContainerDefinitions: [
      Match.objectLike({
        Name: 'backend',
        User: '10001:10001',
        ReadonlyRootFilesystem: true,
        PortMappings: [{ ContainerPort: 8000, Protocol: 'tcp' }],
        Environment: [{ Name: 'APP_ENV', Value: 'staging' }],
        HealthCheck: Match.objectLike({ Command: ['CMD-SHELL', 'curl -f http://localhost:8000/health || exit 1'] }),
        MountPoints: Match.arrayWith([Match.objectLike({ ContainerPath: '/tmp', ReadOnly: false })]),
      }),
    ],
  });
});

test('logs go to /flashcard-lms/<env>/<service>, encrypted, with retention', () => {
  template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/flashcard-lms/staging/backend', RetentionInDays: 30, KmsKeyId: Match.anyValue() });
});

test('deployments keep full capacity, roll back on failure and on the deployment alarms', () => {
  template.hasResourceProperties('AWS::ECS::Service', {
    ServiceName: 'backend',
    DesiredCount: 2,
    EnableExecuteCommand: false,
    NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
    DeploymentConfiguration: Match.objectLike({
      MinimumHealthyPercent: 100,
      MaximumPercent: 200,
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      Strategy: 'ROLLING',
      Alarms: {
        AlarmNames: ['staging-backend-deploy-target-5xx', 'staging-backend-deploy-unhealthy-targets', 'staging-backend-deploy-p95-latency'],
        Enable: true,
        Rollback: true,
      },
    }),
  });
  expect(service.deploymentAlarms.map((a) => a.node.id)).toEqual(['backend-deploy-target-5xx', 'backend-deploy-unhealthy-targets', 'backend-deploy-p95-latency']);
  template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'staging-backend-deploy-target-5xx' });
  template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'staging-backend-deploy-unhealthy-targets' });
  template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'staging-backend-deploy-p95-latency', Threshold: 2, EvaluationPeriods: 3 });
});

test('the listener routes the host names to a target group probing the readiness path', () => {
  template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
    Priority: 10,
    Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['api.example.com'] } }],
  });
  template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
    Port: 8000,
    TargetType: 'ip',
    HealthCheckPath: '/health/ready',
    Matcher: { HttpCode: '200' },
  });
});

test('the service scales between min and max on CPU and on requests per target', () => {
  template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 6 });
  template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
    TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 60, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' } }),
  });
  template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
    TargetTrackingScalingPolicyConfiguration: Match.objectLike({
      TargetValue: 500,
      PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }),
    }),
  });
});
