import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { EdgeConfig } from '../../config/edge';
import { encryptedLogGroup } from '../shared/encrypted-log-group';
import { and, CRS_LABEL, hasHeader, hasLabel, hostIs, hourlyLimitPerWindow, not, or, pathStartsWith, WAF_MAX_WINDOW_SECONDS } from './waf-statements';

export { hourlyLimitPerWindow, WAF_MAX_WINDOW_SECONDS } from './waf-statements';

export interface WebAclProps {
  readonly envName: string;
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** Host name of the API (api.<domain>); API limits and JSON-body overrides apply to it only. */
  readonly apiHost: string;
  /** API calls per client per minute (the plan's 60). */
  readonly requestsPerMinute: number;
  /** API calls per client per hour (the plan's 1000), enforced per 10-minute window. */
  readonly requestsPerHour: number;
  /** Flood limits, sign-in limit and the paths they apply to. */
  readonly edge: EdgeConfig;
  readonly logsKey: kms.IKey;
  readonly logRetentionDays: number;
}

/**
 * Core rule set rules that inspect the body. WAF sees only the first 8 KB of a body behind an ALB
 * ("Body inspection size limits", AWS WAF Developer Guide), so they run in count mode and the
 * label rules below block their matches where the body is not legitimately large or rich.
 */
export const CRS_COUNTED_RULES = ['SizeRestrictions_BODY', 'CrossSiteScripting_BODY', 'GenericLFI_BODY', 'GenericRFI_BODY', 'EC2MetaDataSSRF_BODY'] as const;

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

const TOO_MANY_REQUESTS: wafv2.CfnWebACL.RuleActionProperty = {
  block: { customResponse: { responseCode: 429, customResponseBodyKey: 'TooManyRequests' } },
};

/**
 * AWS WAF on the ALB (docs/edge.md): per-IP flood protection on every host, a stricter per-IP
 * limit on sign-in, the plan's API limits per signed-in user (per IP when anonymous), AWS managed
 * rule groups with deliberate body-rule overrides for a JSON API with uploads; logs with
 * Authorization and Cookie redacted.
 */
export class WebAcl extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;
  public readonly logGroup: logs.LogGroup;
  /** CloudWatch metric name of the whole ACL (dimension WebACL). */
  public readonly metricName: string;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    this.metricName = `${props.envName}-flashcard-lms-waf`;
    const { edge } = props;
    const rule = (name: string, body: Omit<wafv2.CfnWebACL.RuleProperty, 'name' | 'priority' | 'visibilityConfig'>) => ({
      name,
      ...body,
      visibilityConfig: visibility(`${props.envName}-${name}`),
    });
    const rate = (name: string, limit: number, windowSeconds: number, key: 'IP' | 'CREDENTIAL', scopeDown?: wafv2.CfnWebACL.StatementProperty) =>
      rule(name, {
        action: TOO_MANY_REQUESTS,
        statement: {
          rateBasedStatement: {
            limit,
            evaluationWindowSec: windowSeconds,
            // Requests without the header are left out of a custom-key rule; the anonymous rules count them per IP.
            ...(key === 'IP'
              ? { aggregateKeyType: 'IP' }
              : { aggregateKeyType: 'CUSTOM_KEYS', customKeys: [{ header: { name: edge.credentialHeader, textTransformations: [{ priority: 0, type: 'NONE' }] } }] }),
            scopeDownStatement: scopeDown,
          },
        },
      });
    const managed = (name: string, overrides: readonly string[] = []) =>
      rule(`AWS-${name}`, {
        overrideAction: { none: {} },
        statement: {
          managedRuleGroupStatement: {
            vendorName: 'AWS',
            name,
            ruleActionOverrides: overrides.length ? overrides.map((r) => ({ name: r, actionToUse: { count: {} } })) : undefined,
          },
        },
      });
    const block = (name: string, statement: wafv2.CfnWebACL.StatementProperty) => rule(name, { action: { block: {} }, statement });

    const api = and(hostIs(props.apiHost), pathStartsWith([edge.apiPathPrefix]));
    const signedIn = hasHeader(edge.credentialHeader);
    const crsLabel = (r: string) => hasLabel(`${CRS_LABEL}:${r.replace(/_BODY$/, '_Body')}`);

    const rules = [
      // Flood protection on every host; generous because a classroom shares one NAT address.
      rate('FloodPerIp', edge.perIpPer5Minutes, 300, 'IP'),
      // Credential stuffing: sign-in and token paths, per IP.
      rate('SignInPerIp', edge.signInPerIpPer5Minutes, 300, 'IP', and(hostIs(props.apiHost), pathStartsWith(edge.signInPaths))),
      // The plan's limits on API calls: per user when signed in, per IP otherwise. WAF windows are 1-10 minutes.
      rate('ApiPerUserPerMinute', props.requestsPerMinute, 60, 'CREDENTIAL', and(api, signedIn)),
      rate('ApiPerUserPerHour', hourlyLimitPerWindow(props.requestsPerHour), WAF_MAX_WINDOW_SECONDS, 'CREDENTIAL', and(api, signedIn)),
      rate('ApiAnonymousPerIpPerMinute', props.requestsPerMinute, 60, 'IP', and(api, not(signedIn))),
      rate('ApiAnonymousPerIpPerHour', hourlyLimitPerWindow(props.requestsPerHour), WAF_MAX_WINDOW_SECONDS, 'IP', and(api, not(signedIn))),
      managed('AWSManagedRulesAmazonIpReputationList'),
      managed('AWSManagedRulesKnownBadInputsRuleSet'),
      managed('AWSManagedRulesCommonRuleSet', CRS_COUNTED_RULES),
      // Bodies over 8 KB are card decks and uploads on the API; the site and status page take none.
      block('BodyOver8KbOutsideApi', and(crsLabel('SizeRestrictions_BODY'), not(hostIs(props.apiHost)))),
      // Card content is rich text (HTML/Markdown) the app renders escaped; elsewhere script in a body is an attack.
      block('ScriptInBodyOutsideApi', and(crsLabel('CrossSiteScripting_BODY'), not(hostIs(props.apiHost)))),
      // Uploaded files are binary; their first 8 KB match path/URL patterns by chance. Elsewhere these still block.
      block(
        'BodyAttackOutsideUploads',
        and(or(...['GenericLFI_BODY', 'GenericRFI_BODY', 'EC2MetaDataSSRF_BODY'].map(crsLabel)), not(and(hostIs(props.apiHost), pathStartsWith(edge.uploadPaths)))),
      ),
    ].map((r, priority) => ({ ...r, priority }));

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: this.metricName,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(this.metricName),
      customResponseBodies: {
        TooManyRequests: { contentType: 'APPLICATION_JSON', content: '{"detail":"Too many requests, slow down and retry later."}' },
      },
      rules,
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
