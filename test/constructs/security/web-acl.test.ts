import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { PRODUCTION } from '../../../lib/config/environments';
import { CRS_COUNTED_RULES, WebAcl } from '../../../lib/constructs/security/web-acl';
import { hourlyLimitPerWindow } from '../../../lib/constructs/security/waf-statements';
import { problemsWith } from '../../helpers/configs';

// GIVEN the WAF of production's config on a bare stack, synthesized once
let rules: Record<string, any>;
let acl: any;
beforeAll(() => {
  const stack = new Stack(new App(), 'Edge', { env: { account: '222222222222', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-1a', 'eu-west-1b'] });
  new WebAcl(stack, 'Waf', {
    envName: 'production',
    loadBalancer: new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true }),
    apiHost: 'api.flashcard-lms.com',
    requestsPerMinute: PRODUCTION.services.rateLimitPerMinute,
    requestsPerHour: PRODUCTION.services.rateLimitPerHour,
    edge: PRODUCTION.edge,
    logsKey: new kms.Key(stack, 'Key'),
    logRetentionDays: 30,
  });
  acl = Object.values<any>(Template.fromStack(stack).findResources('AWS::WAFv2::WebACL'))[0].Properties;
  rules = Object.fromEntries(acl.Rules.map((r: any) => [r.Name, r]));
});

const apiHost = {
  ByteMatchStatement: {
    FieldToMatch: { SingleHeader: { Name: 'host' } },
    PositionalConstraint: 'EXACTLY',
    SearchString: 'api.flashcard-lms.com',
    TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' }],
  },
};
const pathPrefix = (path: string) => ({
  ByteMatchStatement: { FieldToMatch: { UriPath: {} }, PositionalConstraint: 'STARTS_WITH', SearchString: path, TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }] },
});
const signedIn = {
  SizeConstraintStatement: { FieldToMatch: { SingleHeader: { Name: 'authorization' } }, ComparisonOperator: 'GT', Size: 0, TextTransformations: [{ Priority: 0, Type: 'NONE' }] },
};
const api = { AndStatement: { Statements: [apiHost, pathPrefix('/api/')] } };
const tooMany = { Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'TooManyRequests' } } };

test('rules run in order: rate limits, managed groups, then the label rules that re-block counted body rules', () => {
  expect(acl.Rules.map((r: any) => [r.Priority, r.Name])).toEqual([
    [0, 'FloodPerIp'],
    [1, 'SignInPerIp'],
    [2, 'ApiPerUserPerMinute'],
    [3, 'ApiPerUserPerHour'],
    [4, 'ApiAnonymousPerIpPerMinute'],
    [5, 'ApiAnonymousPerIpPerHour'],
    [6, 'AWS-AWSManagedRulesAmazonIpReputationList'],
    [7, 'AWS-AWSManagedRulesKnownBadInputsRuleSet'],
    [8, 'AWS-AWSManagedRulesCommonRuleSet'],
    [9, 'BodyOver8KbOutsideApi'],
    [10, 'ScriptInBodyOutsideApi'],
    [11, 'BodyAttackOutsideUploads'],
  ]);
  expect(acl.DefaultAction).toEqual({ Allow: {} });
  expect(acl.CustomResponseBodies.TooManyRequests).toEqual({ ContentType: 'APPLICATION_JSON', Content: '{"detail":"Too many requests, slow down and retry later."}' });
});

test('per-IP flood protection covers every host and path, with a classroom-sized limit', () => {
  expect(rules.FloodPerIp.Statement.RateBasedStatement).toEqual({ Limit: 6000, EvaluationWindowSec: 300, AggregateKeyType: 'IP' });
  expect(rules.FloodPerIp.Action).toEqual(tooMany);
});

test('sign-in and token paths on the API host get a stricter per-IP limit', () => {
  expect(rules.SignInPerIp.Statement.RateBasedStatement).toEqual({
    Limit: 100,
    EvaluationWindowSec: 300,
    AggregateKeyType: 'IP',
    ScopeDownStatement: {
      AndStatement: {
        Statements: [apiHost, { OrStatement: { Statements: ['/api/v1/auth/login', '/api/v1/auth/token', '/api/v1/auth/refresh'].map(pathPrefix) } }],
      },
    },
  });
  expect(rules.SignInPerIp.Action).toEqual(tooMany);
});

test('API calls with a credential count per credential: 60 a minute and 1000 an hour as 166 per 10 minutes', () => {
  const perUser = (limit: number, window: number) => ({
    Limit: limit,
    EvaluationWindowSec: window,
    AggregateKeyType: 'CUSTOM_KEYS',
    CustomKeys: [{ Header: { Name: 'authorization', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } }],
    ScopeDownStatement: { AndStatement: { Statements: [api, signedIn] } },
  });
  expect(rules.ApiPerUserPerMinute.Statement.RateBasedStatement).toEqual(perUser(60, 60));
  expect(rules.ApiPerUserPerHour.Statement.RateBasedStatement).toEqual(perUser(166, 600));
  expect(hourlyLimitPerWindow(1000)).toBe(166);
  expect(hourlyLimitPerWindow(30)).toBe(10);
});

test('anonymous API calls count per IP with the same limits; static assets and the status page are outside API scope', () => {
  const anonymous = (limit: number, window: number) => ({
    Limit: limit,
    EvaluationWindowSec: window,
    AggregateKeyType: 'IP',
    ScopeDownStatement: { AndStatement: { Statements: [api, { NotStatement: { Statement: signedIn } }] } },
  });
  expect(rules.ApiAnonymousPerIpPerMinute.Statement.RateBasedStatement).toEqual(anonymous(60, 60));
  expect(rules.ApiAnonymousPerIpPerHour.Statement.RateBasedStatement).toEqual(anonymous(166, 600));
  // Every rate rule but flood protection is scoped to the API host.
  for (const name of ['SignInPerIp', 'ApiPerUserPerMinute', 'ApiPerUserPerHour', 'ApiAnonymousPerIpPerMinute', 'ApiAnonymousPerIpPerHour']) {
    expect(JSON.stringify(rules[name].Statement.RateBasedStatement.ScopeDownStatement)).toContain('"SearchString":"api.flashcard-lms.com"');
    expect(rules[name].Action).toEqual(tooMany);
  }
});

test('windows are ones WAF accepts and limits are at least 10', () => {
  for (const r of acl.Rules.filter((x: any) => x.Statement.RateBasedStatement)) {
    expect([60, 120, 300, 600]).toContain(r.Statement.RateBasedStatement.EvaluationWindowSec);
    expect(r.Statement.RateBasedStatement.Limit).toBeGreaterThanOrEqual(10);
  }
});

test('the Core rule set counts its body rules instead of blocking; the other managed groups are untouched', () => {
  const crs = rules['AWS-AWSManagedRulesCommonRuleSet'];
  expect(crs.OverrideAction).toEqual({ None: {} });
  expect(crs.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual(CRS_COUNTED_RULES.map((name) => ({ Name: name, ActionToUse: { Count: {} } })));
  expect(CRS_COUNTED_RULES).toEqual(['SizeRestrictions_BODY', 'CrossSiteScripting_BODY', 'GenericLFI_BODY', 'GenericRFI_BODY', 'EC2MetaDataSSRF_BODY']);
  for (const name of ['AWS-AWSManagedRulesAmazonIpReputationList', 'AWS-AWSManagedRulesKnownBadInputsRuleSet']) {
    expect(rules[name].Statement.ManagedRuleGroupStatement.RuleActionOverrides).toBeUndefined();
  }
});

test('counted body rules still block where bodies are not legitimately large, rich or binary', () => {
  const label = (name: string) => ({ LabelMatchStatement: { Scope: 'LABEL', Key: `awswaf:managed:aws:core-rule-set:${name}` } });
  const notApi = { NotStatement: { Statement: apiHost } };
  expect(rules.BodyOver8KbOutsideApi.Statement).toEqual({ AndStatement: { Statements: [label('SizeRestrictions_Body'), notApi] } });
  expect(rules.ScriptInBodyOutsideApi.Statement).toEqual({ AndStatement: { Statements: [label('CrossSiteScripting_Body'), notApi] } });
  expect(rules.BodyAttackOutsideUploads.Statement).toEqual({
    AndStatement: {
      Statements: [
        { OrStatement: { Statements: [label('GenericLFI_Body'), label('GenericRFI_Body'), label('EC2MetaDataSSRF_Body')] } },
        { NotStatement: { Statement: { AndStatement: { Statements: [apiHost, pathPrefix('/api/v1/uploads')] } } } },
      ],
    },
  });
  for (const name of ['BodyOver8KbOutsideApi', 'ScriptInBodyOutsideApi', 'BodyAttackOutsideUploads']) expect(rules[name].Action).toEqual({ Block: {} });
});

describe('edge config validation', () => {
  test('limits within WAF bounds, sign-in stricter than flood, paths under the API prefix', () => {
    expect(
      problemsWith('production', {
        edge: { perIpPer5Minutes: 5, signInPerIpPer5Minutes: 200, uploadPaths: ['/files/upload'], signInPaths: ['login'], credentialHeader: 'Authorization' },
      }),
    ).toEqual([
      'production: edge.perIpPer5Minutes: per-IP flood limit must be between 10 and 2000000000 (AWS WAF rate limit bounds) (got 5)',
      'production: edge.signInPaths.0: must be a URL path starting with "/", e.g. "/api/v1/auth/login" (got "login")',
      'production: edge.credentialHeader: must be a lower-case HTTP header name of 1-64 characters, e.g. "authorization" (got "Authorization")',
      'production: edge.signInPerIpPer5Minutes: must be at most perIpPer5Minutes (5): the sign-in limit is the stricter one (got 200)',
      'production: edge.signInPaths.0: must start with apiPathPrefix "/api/" (got "login")',
      'production: edge.uploadPaths.0: must start with apiPathPrefix "/api/" (got "/files/upload")',
    ]);
    expect(problemsWith('production', { edge: { perIpPer5Minutes: 50, uploadPaths: ['/files/upload'] } })).toEqual([
      'production: edge.signInPerIpPer5Minutes: must be at most perIpPer5Minutes (50): the sign-in limit is the stricter one (got 100)',
      'production: edge.uploadPaths.0: must start with apiPathPrefix "/api/" (got "/files/upload")',
    ]);
  });
});
