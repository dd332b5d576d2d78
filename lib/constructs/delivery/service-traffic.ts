import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledge } from '../../nag';

/**
 * Requests with this header reach the new revision during a deployment (the test listener rule).
 * It routes, it does not authorize: the new revision is the image that passed staging, and the
 * WAF applies to it like to every request.
 */
export const TEST_TRAFFIC_HEADER = { name: 'x-flashcard-test-traffic', value: 'green' } as const;

export interface ServiceTrafficProps {
  /** `backend` or `frontend`: names the rules. */
  readonly serviceName: string;
  readonly service: ecs.FargateService;
  readonly containerName: string;
  readonly containerPort: number;
  /** Target group of the revision that serves production now (blue). */
  readonly primary: elbv2.ApplicationTargetGroup;
  /** Target group the next revision starts in (green); ECS swaps the roles on each deployment. */
  readonly alternate: elbv2.ApplicationTargetGroup;
  readonly listener: elbv2.ApplicationListener;
  readonly hostHeaders: readonly string[];
  /** Priority of the production rule; the test rule takes the one before it. */
  readonly priority: number;
}

/**
 * The load-balancer side of ECS native deployments ("Application Load Balancer resources for
 * blue/green, linear, and canary deployments"): a production rule and a test rule, each
 * forwarding to both target groups by weight (ECS moves the weights), and the infrastructure role
 * ECS assumes to move them, limited to these rules and target groups. Built for every strategy,
 * rolling included, so switching strategy is one config change ("Update the Amazon ECS deployment
 * strategy": the service needs its advancedConfiguration before the switch).
 */
export class ServiceTraffic extends Construct {
  public readonly productionRule: elbv2.ApplicationListenerRule;
  public readonly testRule: elbv2.ApplicationListenerRule;
  /** Role ECS uses for the load balancer ("Amazon ECS infrastructure IAM role for load balancers"). */
  public readonly infrastructureRole: iam.Role;

  constructor(scope: Construct, id: string, props: ServiceTrafficProps) {
    super(scope, id);
    const weighted = () =>
      elbv2.ListenerAction.weightedForward([
        { targetGroup: props.primary, weight: 100 },
        { targetGroup: props.alternate, weight: 0 },
      ]);
    const hosts = elbv2.ListenerCondition.hostHeaders([...props.hostHeaders]);
    // Same scope and id as the rule listener.addTargetGroups made before: the rule is updated in
    // place (a new rule at the same priority would fail with PriorityInUse).
    this.productionRule = new elbv2.ApplicationListenerRule(props.listener, `${props.serviceName}RouteRule`, {
      listener: props.listener,
      priority: props.priority,
      conditions: [hosts],
      action: weighted(),
    });
    // Evaluated first (lower number): the header sends a request to whichever revision ECS tests.
    this.testRule = new elbv2.ApplicationListenerRule(props.listener, `${props.serviceName}TestRouteRule`, {
      listener: props.listener,
      priority: props.priority - 1,
      conditions: [hosts, elbv2.ListenerCondition.httpHeader(TEST_TRAFFIC_HEADER.name, [TEST_TRAFFIC_HEADER.value])],
      action: weighted(),
    });

    // Least privilege instead of AmazonECSInfrastructureRolePolicyForLoadBalancers (which allows
    // every listener, rule and target group of the account): only what this service routes.
    this.infrastructureRole = new iam.Role(this, 'InfrastructureRole', {
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
      description: `ECS shifts ${props.serviceName} traffic between its two target groups during deployments`,
    });
    this.infrastructureRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ELBReadOperations',
        actions: [
          'elasticloadbalancing:DescribeListeners',
          'elasticloadbalancing:DescribeRules',
          'elasticloadbalancing:DescribeTargetGroups',
          'elasticloadbalancing:DescribeTargetHealth',
        ],
        resources: ['*'],
      }),
    );
    this.infrastructureRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'TargetGroupOperations',
        actions: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
        resources: [props.primary.targetGroupArn, props.alternate.targetGroupArn],
      }),
    );
    this.infrastructureRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ALBModifyRules',
        actions: ['elasticloadbalancing:ModifyRule'],
        resources: [this.productionRule.listenerRuleArn, this.testRule.listenerRuleArn],
      }),
    );
    const policy = this.infrastructureRole.node.findChild('DefaultPolicy');
    acknowledge(
      policy,
      'AwsSolutions-IAM5[Resource::*]',
      'Elastic Load Balancing Describe* actions support no resource-level permission ("Actions, resources, and condition keys for Elastic Load Balancing V2").',
    );

    const target = props.service.loadBalancerTarget({
      containerName: props.containerName,
      containerPort: props.containerPort,
      protocol: ecs.Protocol.TCP,
      alternateTarget: new ecs.AlternateTarget('AlternateTarget', {
        alternateTargetGroup: props.alternate,
        productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(this.productionRule),
        testListener: ecs.ListenerRuleConfiguration.applicationListenerRule(this.testRule),
        role: this.infrastructureRole,
      }),
    });
    props.primary.addTarget(target);
    // ECS checks the rules and its permissions when the service is created or updated.
    props.service.node.addDependency(this.productionRule, this.testRule, this.infrastructureRole);
  }
}
