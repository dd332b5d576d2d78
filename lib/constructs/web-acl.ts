import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { encryptedLogGroup } from './encrypted-log-group';

export interface WebAclProps {
  readonly envName: string;
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** Requests per client per minute (the plan's 60). */
  readonly requestsPerMinute: number;
  /** Requests per client per hour (the plan's 1000). */
  readonly requestsPerHour: number;
  readonly logsKey: kms.IKey;
  readonly logRetentionDays: number;
}

/** WAF's longest rate window is 10 minutes, so an hourly limit becomes its 10-minute share. */
export const WAF_MAX_WINDOW_SECONDS = 600;
export const hourlyLimitPerWindow = (perHour: number) => Math.max(10, Math.floor((perHour * WAF_MAX_WINDOW_SECONDS) / 3600));

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

/**
 * AWS WAF on the ALB: AWS managed rule groups (common, known bad inputs, IP reputation) and the
 * plan's rate limits per client IP answered with 429; logs with Authorization and Cookie redacted.
 */
export class WebAcl extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;
  public readonly logGroup: logs.LogGroup;
  /** CloudWatch metric name of the whole ACL (dimension WebACL). */
  public readonly metricName: string;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    this.metricName = `${props.envName}-flashcard-lms-waf`;
    const managed = (priority: number, name: string): wafv2.CfnWebACL.RuleProperty => ({
      name: `AWS-${name}`,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: visibility(`${props.envName}-${name}`),
    });
    const rateLimit = (priority: number, name: string, limit: number, windowSeconds: number): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'TooManyRequests' } } },
      statement: { rateBasedStatement: { limit, evaluationWindowSec: windowSeconds, aggregateKeyType: 'IP' } },
      visibilityConfig: visibility(`${props.envName}-${name}`),
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: this.metricName,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(this.metricName),
      customResponseBodies: {
        TooManyRequests: { contentType: 'APPLICATION_JSON', content: '{"detail":"Too many requests, slow down and retry later."}' },
      },
      rules: [
        rateLimit(0, 'RatePerMinute', props.requestsPerMinute, 60),
        rateLimit(1, 'RatePerHour', hourlyLimitPerWindow(props.requestsPerHour), WAF_MAX_WINDOW_SECONDS),
        managed(2, 'AWSManagedRulesAmazonIpReputationList'),
        managed(3, 'AWSManagedRulesKnownBadInputsRuleSet'),
        managed(4, 'AWSManagedRulesCommonRuleSet'),
      ],
    });

    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.loadBalancer.loadBalancerArn,
      webAclArn: this.webAcl.attrArn,
    });

    // WAF requires the aws-waf-logs- prefix.
    this.logGroup = encryptedLogGroup(this, 'LogGroup', {
      logGroupName: `aws-waf-logs-${props.envName}-flashcard-lms`,
      encryptionKey: props.logsKey,
      retentionDays: props.logRetentionDays,
    });
    new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF wants the log group ARN without the trailing ":*" of the GetAtt form.
      logDestinationConfigs: [
        Stack.of(this).formatArn({ service: 'logs', resource: 'log-group', resourceName: this.logGroup.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      ],
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    });
  }
}
