import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AppFunction } from '../../../lib/constructs/service/app-function';

// GIVEN two functions on a bare stack, one with the default log level and one with DEBUG (no bundling)
let t: Template;
beforeAll(() => {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Functions', { env: { account: '222222222222', region: 'eu-west-1' } });
  const logsKey = new kms.Key(stack, 'Key');
  const common = { source: 'status-page', description: 'test', logsKey, logRetentionDays: 30 };
  new AppFunction(stack, 'Default', { ...common, functionName: 'default-level' });
  new AppFunction(stack, 'Debug', { ...common, functionName: 'debug-level', logLevel: lambda.ApplicationLogLevel.DEBUG });
  t = Template.fromStack(stack);
});

test('logs JSON lines that Lambda stamps and filters: INFO and above by default', () => {
  t.hasResourceProperties('AWS::Lambda::Function', {
    FunctionName: 'default-level',
    LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO', LogGroup: { Ref: expectRef('DefaultLogGroup') } },
  });
});

test('the application log level comes from the props when given', () => {
  t.hasResourceProperties('AWS::Lambda::Function', {
    FunctionName: 'debug-level',
    LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'DEBUG', SystemLogLevel: 'INFO', LogGroup: { Ref: expectRef('DebugLogGroup') } },
  });
});

/** The logical id of the only log group whose id starts with `prefix`. */
function expectRef(prefix: string): string {
  const ids = Object.keys(t.findResources('AWS::Logs::LogGroup')).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0];
}
