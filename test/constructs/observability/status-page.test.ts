import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { StatusPage, StatusPageProps } from '../../../lib/constructs/observability/status-page';

// GIVEN a bare stack with a listener (no Lambda bundling)
function statusPage(props: Partial<StatusPageProps> = {}): { page: StatusPage; stack: Stack } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc });
  const listener = lb.addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
  const page = new StatusPage(stack, 'StatusPage', {
    envName: 'staging',
    hostName: 'status.example.com',
    listener,
    listenerPriority: 30,
    logsKey: new kms.Key(stack, 'Key'),
    logRetentionDays: 30,
    ...props,
  });
  return { page, stack };
}

/** The function's CloudFormation properties, resolved (the nag acknowledgements keep the full template for the app tests). */
const fnProps = ({ page, stack }: { page: StatusPage; stack: Stack }) => {
  const cfn = page.function.node.defaultChild as lambda.CfnFunction;
  return { reserved: cfn.reservedConcurrentExecutions, variables: stack.resolve(cfn.environment).variables };
};

test('reserved concurrency defaults to 10 and takes the configured value', () => {
  expect(fnProps(statusPage()).reserved).toBe(10);
  expect(fnProps(statusPage({ reservedConcurrency: 3 })).reserved).toBe(3);
  expect(() => statusPage({ reservedConcurrency: 0 })).toThrow('StatusPage staging: reservedConcurrency is 0 (expected a whole number from 1 to 100)');
});

test('the page knows its public address for the feed', () => {
  expect(fnProps(statusPage()).variables).toMatchObject({ PAGE_URL: 'https://status.example.com', ENV_NAME: 'staging', CACHE_SECONDS: '30' });
});

test('incidents: only alarms of this environment, with short titles and texts, every problem named', () => {
  const built = statusPage();
  built.page.showIncidents({ 'staging-backend-5xx-rate': { title: 'Elevated API errors', text: 'Some requests fail.' } });
  expect(fnProps(built).variables.PUBLIC_INCIDENTS).toBe('{"staging-backend-5xx-rate":{"title":"Elevated API errors","text":"Some requests fail."}}');

  expect(() => statusPage().page.showIncidents({ 'production-site-down': { title: '', text: 'x'.repeat(301) } })).toThrow(
    [
      'StatusPage staging incidents:',
      ' - alarm "production-site-down" does not start with "staging-": the page may read only this environment\'s alarms',
      ' - title of "production-site-down" is 0 characters (expected 1 to 80)',
      ' - text of "production-site-down" is 301 characters (expected 1 to 300)',
    ].join('\n'),
  );
});
