import { Match, Template } from 'aws-cdk-lib/assertions';
import { EnvironmentStage } from '../../lib/stages/environment-stage';
import { describeFindings } from '../helpers/app';
import { synthEnvironments } from '../helpers/app';
import { configWith } from '../helpers/configs';
import { NagFinding } from '../helpers/nag';

// GIVEN production (canary backend, blue/green frontend) and staging with a linear backend and a
// rolling frontend, synthesized once in one app: every strategy appears once.
let prod: Template;
let staging: Template;
let prodMonitoring: Template;
let findings: NagFinding[];
beforeAll(() => {
  const linear = configWith('staging', { delivery: { backend: { strategy: 'linear', stepPercent: 25, stepIntervalMinutes: 4, bakeTimeMinutes: 6 } } });
  const synth = synthEnvironments([configWith('production', {}), linear]);
  findings = synth.findings;
  const template = (stage: EnvironmentStage, id: string) => Template.fromStack(stage.node.findChild(id) as any);
  prod = template(synth.stages[0], 'Services');
  prodMonitoring = template(synth.stages[0], 'Monitoring');
  staging = template(synth.stages[1], 'Services');
});

const serviceNamed = (t: Template, name: string): any => {
  const found = Object.values<any>(t.findResources('AWS::ECS::Service', { Properties: { ServiceName: name } }));
  expect(found).toHaveLength(1);
  return found[0].Properties;
};
const logicalIdOf = (t: Template, type: string, props: object): string => {
  const ids = Object.keys(t.findResources(type, { Properties: Match.objectLike(props) }));
  expect(ids).toHaveLength(1);
  return ids[0];
};
const alarmNames = (env: string, service: string) => [`${env}-${service}-deploy-target-5xx`, `${env}-${service}-deploy-unhealthy-targets`, `${env}-${service}-deploy-p95-latency`];

test('cdk-nag reports no unacknowledged error with every strategy', () => {
  expect(describeFindings(findings)).toEqual([]);
});

describe('deployment configuration per strategy (asserted in the template, not through the CDK helpers)', () => {
  test('canary: 10% for 5 minutes, then the rest, 10 minutes of bake; the three alarms roll back; the hook checks test traffic', () => {
    const config = serviceNamed(prod, 'backend').DeploymentConfiguration;
    expect(config).toEqual({
      MaximumPercent: 200,
      MinimumHealthyPercent: 100,
      Strategy: 'CANARY',
      BakeTimeInMinutes: 10,
      CanaryConfiguration: { CanaryPercent: 10, CanaryBakeTimeInMinutes: 5 },
      Alarms: { AlarmNames: alarmNames('production', 'backend'), Enable: true, Rollback: true },
      LifecycleHooks: [
        { HookTargetArn: { 'Fn::GetAtt': [expect.stringMatching(/^BackendDeployHookFunction/), 'Arn'] }, LifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'], RoleArn: expect.anything() },
      ],
    });
  });

  test('blue/green: all at once after test traffic, 10 minutes of bake, circuit breaker kept', () => {
    const config = serviceNamed(prod, 'frontend').DeploymentConfiguration;
    expect(config).toMatchObject({
      Strategy: 'BLUE_GREEN',
      BakeTimeInMinutes: 10,
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      Alarms: { AlarmNames: alarmNames('production', 'frontend'), Enable: true, Rollback: true },
      LifecycleHooks: [expect.objectContaining({ LifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'] })],
    });
    expect(config.CanaryConfiguration).toBeUndefined();
  });

  test('linear: 25% every 4 minutes, 6 minutes of bake', () => {
    expect(serviceNamed(staging, 'backend').DeploymentConfiguration).toMatchObject({
      Strategy: 'LINEAR',
      BakeTimeInMinutes: 6,
      LinearConfiguration: { StepPercent: 25, StepBakeTimeInMinutes: 4 },
      Alarms: { AlarmNames: alarmNames('staging', 'backend') },
    });
  });

  test('rolling: circuit breaker and alarms, no hook, no bake, and no hook function', () => {
    const config = serviceNamed(staging, 'frontend').DeploymentConfiguration;
    expect(config).toMatchObject({ Strategy: 'ROLLING', DeploymentCircuitBreaker: { Enable: true, Rollback: true }, Alarms: { AlarmNames: alarmNames('staging', 'frontend') } });
    expect(config.LifecycleHooks).toBeUndefined();
    expect(config.BakeTimeInMinutes).toBeUndefined();
    expect(Object.keys(staging.findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'staging-flashcard-lms-frontend-deploy-hook' } }))).toEqual([]);
  });
});

describe('load balancer resources', () => {
  test.each([
    ['backend', 'api.flashcard-lms.com', 10],
    ['frontend', 'flashcard-lms.com', 20],
  ])('%s: the production rule and the test rule forward to both target groups, ECS holding the weights', (service, host, priority) => {
    const lb = serviceNamed(prod, service).LoadBalancers;
    expect(lb).toHaveLength(1);
    const { TargetGroupArn, AdvancedConfiguration } = lb[0];
    const forward = {
      Type: 'forward',
      ForwardConfig: {
        TargetGroups: [
          { TargetGroupArn, Weight: 100 },
          { TargetGroupArn: AdvancedConfiguration.AlternateTargetGroupArn, Weight: 0 },
        ],
      },
    };
    const production = logicalIdOf(prod, 'AWS::ElasticLoadBalancingV2::ListenerRule', { Priority: priority });
    const test = logicalIdOf(prod, 'AWS::ElasticLoadBalancingV2::ListenerRule', { Priority: priority - 1 });
    prod.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: priority,
      Conditions: [Match.objectLike({ Field: 'host-header', HostHeaderConfig: { Values: Match.arrayWith([host]) } })],
      Actions: [forward],
    });
    prod.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: priority - 1,
      Conditions: Match.arrayWith([{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'x-flashcard-test-traffic', Values: ['green'] } }]),
      Actions: [forward],
    });
    expect(AdvancedConfiguration).toEqual({
      AlternateTargetGroupArn: { Ref: expect.stringMatching(/AlternateTargetGroup/) },
      ProductionListenerRule: { Ref: production },
      TestListenerRule: { Ref: test },
      RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/TrafficInfrastructureRole/), 'Arn'] },
    });
  });

  test('the production rule keeps the logical id it had before (updated in place, not replaced at the same priority)', () => {
    expect(logicalIdOf(prod, 'AWS::ElasticLoadBalancingV2::ListenerRule', { Priority: 10 })).toMatch(/^EdgeLoadBalancerHttpsbackendRouteRule/);
  });

  test('both target groups probe the readiness path the same way', () => {
    const groups = Object.values<any>(prod.findResources('AWS::ElasticLoadBalancingV2::TargetGroup', { Properties: { Port: 8000 } }));
    expect(groups).toHaveLength(2);
    expect(groups[0].Properties).toEqual(groups[1].Properties);
    expect(groups[0].Properties).toMatchObject({ HealthCheckPath: '/health/detailed', TargetType: 'ip' });
  });

  test('rolling services have the alternate group and rules too, so switching strategy is one config change', () => {
    expect(serviceNamed(staging, 'frontend').LoadBalancers[0].AdvancedConfiguration).toEqual(expect.objectContaining({ TestListenerRule: expect.anything() }));
  });

  test('ECS shifts traffic with a role limited to the two target groups and the two rules of the service', () => {
    const backend = serviceNamed(prod, 'backend').LoadBalancers[0];
    const roleId = backend.AdvancedConfiguration.RoleArn['Fn::GetAtt'][0];
    prod.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'ecs.amazonaws.com' } })] }),
    });
    const [policy] = Object.values<any>(prod.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }));
    const bySid = (sid: string) => policy.Properties.PolicyDocument.Statement.find((st: any) => st.Sid === sid);
    const sorted = (v: unknown[]) => [...v].map((x) => JSON.stringify(x)).sort();
    expect(policy.Properties.PolicyDocument.Statement.map((st: any) => st.Sid)).toEqual(['ELBReadOperations', 'TargetGroupOperations', 'ALBModifyRules']);
    expect(bySid('ELBReadOperations').Action.every((a: string) => a.startsWith('elasticloadbalancing:Describe'))).toBe(true);
    expect(sorted(bySid('TargetGroupOperations').Action)).toEqual(sorted(['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets']));
    expect(sorted(bySid('TargetGroupOperations').Resource)).toEqual(sorted([backend.TargetGroupArn, backend.AdvancedConfiguration.AlternateTargetGroupArn]));
    expect(bySid('ALBModifyRules').Action).toBe('elasticloadbalancing:ModifyRule');
    expect(sorted(bySid('ALBModifyRules').Resource)).toEqual(sorted([backend.AdvancedConfiguration.ProductionListenerRule, backend.AdvancedConfiguration.TestListenerRule]));
  });
});

describe('the smoke-check hook', () => {
  test('runs the API check through the test header, outside the VPC, within a bounded time', () => {
    prod.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'production-flashcard-lms-backend-deploy-hook',
      Runtime: 'nodejs24.x',
      Timeout: 60,
      VpcConfig: Match.absent(),
      Environment: {
        Variables: Match.objectLike({ BASE_URL: 'https://api.flashcard-lms.com', CHECK: 'api', TEST_HEADER_NAME: 'x-flashcard-test-traffic', TEST_HEADER_VALUE: 'green' }),
      },
    });
    prod.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'production-flashcard-lms-frontend-deploy-hook',
      Environment: { Variables: Match.objectLike({ BASE_URL: 'https://flashcard-lms.com', CHECK: 'site' }) },
    });
  });

  test('ECS invokes it through a role that may invoke that function only', () => {
    const hook = serviceNamed(prod, 'backend').DeploymentConfiguration.LifecycleHooks[0];
    const roleId = hook.RoleArn['Fn::GetAtt'][0];
    const role = prod.toJSON().Resources[roleId].Properties;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' } }]);
    expect(role.Policies).toEqual([
      { PolicyName: 'Invoke', PolicyDocument: { Statement: [{ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: hook.HookTargetArn }], Version: '2012-10-17' } },
    ]);
    expect(role.ManagedPolicyArns).toBeUndefined();
  });

  test('the hook functions are watched like every other function', () => {
    prodMonitoring.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'production-lambda-backend-deploy-hook-errors' });
    prodMonitoring.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'production-lambda-frontend-deploy-hook-errors' });
  });
});

describe('alarms and scaling follow traffic into either target group', () => {
  const metricIds = (alarm: any) => (alarm.Properties.Metrics ?? []).map((m: any) => m.Expression ?? m.MetricStat?.Metric?.Dimensions?.[0]?.Value);

  test('the deployment alarms sum 5xx and take the worst unhealthy count and p95 of both groups', () => {
    const byName = (name: string) => Object.values<any>(prod.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: name } }))[0];
    expect(metricIds(byName('production-backend-deploy-target-5xx'))[0]).toBe('FILL(errorsPrimary, 0) + FILL(errorsAlternate, 0)');
    expect(metricIds(byName('production-backend-deploy-unhealthy-targets'))[0]).toBe('MAX([FILL(unhealthyPrimary, 0), FILL(unhealthyAlternate, 0)])');
    expect(byName('production-backend-deploy-p95-latency').Properties).toMatchObject({ Threshold: 2, EvaluationPeriods: 3 });
  });

  test('the platform alarms read both groups: no "no healthy targets" page when production moved to the other group', () => {
    const alarm = Object.values<any>(prodMonitoring.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: 'production-backend-no-healthy-targets' } }))[0];
    expect(alarm.Properties.Metrics.map((m: any) => m.Expression).filter(Boolean)).toEqual(['FILL(healthyPrimary, 0) + FILL(healthyAlternate, 0)']);
  });

  test('request scaling tracks both target groups', () => {
    const policies = Object.values<any>(prod.findResources('AWS::ApplicationAutoScaling::ScalingPolicy')).filter(
      (p) => p.Properties.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType === 'ALBRequestCountPerTarget',
    );
    expect(policies).toHaveLength(4);
  });
});

describe('visibility', () => {
  test('a rollback of any strategy notifies the warning topic, not only circuit-breaker failures', () => {
    prodMonitoring.hasResourceProperties('AWS::Events::Rule', {
      Name: 'production-ecs-deployment-rolled-back',
      EventPattern: Match.objectLike({ detail: { eventName: ['SERVICE_DEPLOYMENT_IN_PROGRESS'], reason: [{ wildcard: '*olling back*' }] } }),
    });
    prodMonitoring.hasResourceProperties('AWS::Events::Rule', { Name: 'production-ecs-deployment-failed' });
  });

  test('the dashboard shows deployments in progress and the traffic per target group', () => {
    const body = JSON.stringify(Object.values<any>(prodMonitoring.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
    expect(body).toContain('Deployments in progress');
    expect(body).toContain('DeploymentCount');
    expect(body).toContain('Requests per target group (traffic shift)');
  });
});
