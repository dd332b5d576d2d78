import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AppFunction } from '../../../lib/constructs/service/app-function';

// GIVEN a bare stack (no bundling) with one function outside the VPC and one inside
let template: Template;
let keyId: string;
let sgId: string;
beforeAll(() => {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
  const logsKey = new kms.Key(stack, 'Key');
  keyId = stack.getLogicalId(logsKey.node.defaultChild as kms.CfnKey);
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  const securityGroup = new ec2.SecurityGroup(stack, 'Sg', { vpc });
  sgId = stack.getLogicalId(securityGroup.node.defaultChild as ec2.CfnSecurityGroup);
  // WHEN
  new AppFunction(stack, 'Plain', { source: 'health-check', functionName: 'staging-plain', description: 'Plain', logsKey, logRetentionDays: 30 });
  new AppFunction(stack, 'InVpc', {
    source: 'health-check',
    handler: 'other',
    functionName: 'staging-in-vpc',
    description: 'In the VPC',
    environment: { MODE: 'probe' },
    timeout: Duration.minutes(2),
    memorySize: 512,
    vpc,
    securityGroup,
    logsKey,
    logRetentionDays: 7,
  });
  template = Template.fromStack(stack);
});

test('defaults: Node.js 24 on ARM64, 256 MB, 30 s, JSON logs, source maps, outside the VPC', () => {
  template.hasResourceProperties('AWS::Lambda::Function', {
    FunctionName: 'staging-plain',
    Description: 'Plain',
    Handler: 'index.handler',
    Runtime: 'nodejs24.x',
    Architectures: ['arm64'],
    MemorySize: 256,
    Timeout: 30,
    Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps' } },
    LoggingConfig: Match.objectLike({ LogFormat: 'JSON' }),
    VpcConfig: Match.absent(),
  });
});

test('each function logs to its own KMS-encrypted group with retention', () => {
  template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/lambda/staging-plain', RetentionInDays: 30, KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
  template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/lambda/staging-in-vpc', RetentionInDays: 7 });
});

test('props override the defaults; a function in the VPC runs in the private subnets with its security group', () => {
  template.hasResourceProperties('AWS::Lambda::Function', {
    FunctionName: 'staging-in-vpc',
    Handler: 'index.other',
    MemorySize: 512,
    Timeout: 120,
    Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps', MODE: 'probe' } },
    VpcConfig: {
      SecurityGroupIds: [{ 'Fn::GetAtt': [sgId, 'GroupId'] }],
      SubnetIds: [{ Ref: Match.stringLikeRegexp('^VpcPrivateSubnet1') }, { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet2') }],
    },
  });
});

test('an unknown source folder is refused at synthesis', () => {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Bad');
  expect(() => new AppFunction(stack, 'Fn', { source: 'no-such-function', functionName: 'f', description: 'd', logsKey: new kms.Key(stack, 'K'), logRetentionDays: 1 })).toThrow(
    /Cannot find entry file/,
  );
});
