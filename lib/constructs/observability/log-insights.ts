import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LOG_METRICS_NAMESPACE } from '../../contracts';

export interface LogInsightsProps {
  readonly envName: string;
  /** JSON log groups of the backend (and any other app log group to search). */
  readonly backendLogGroup: logs.ILogGroup;
  readonly appLogGroups: readonly logs.ILogGroup[];
}

export { LOG_METRICS_NAMESPACE };

/** Saved Logs Insights queries over the backend's JSON logs (fields of the plan's JSONFormatter). */
export const SAVED_QUERIES: Readonly<Record<string, string>> = {
  'errors-by-logger': [
    'fields @timestamp, level, logger, message, exception',
    'filter level in ["ERROR", "CRITICAL"]',
    'stats count(*) as errors by logger',
    'sort errors desc',
  ].join('\n| '),
  'slowest-requests': ['fields @timestamp, method, path, status_code, duration_ms', 'filter ispresent(duration_ms)', 'sort duration_ms desc', 'limit 50'].join('\n| '),
  '5xx-by-path': ['fields @timestamp, method, path, status_code', 'filter status_code >= 500', 'stats count(*) as errors by method, path', 'sort errors desc'].join('\n| '),
  'user-action-audit-trail': [
    'fields @timestamp, user_id, action, resource_type, resource_id, message',
    'filter logger = "user_actions"',
    'sort @timestamp desc',
    'limit 200',
  ].join('\n| '),
};

/** Metric filter for ERROR/CRITICAL lines, and the saved queries of the plan's logging section. */
export class LogInsights extends Construct {
  /** ERROR and CRITICAL log lines of the backend, summed per 5 minutes. */
  public readonly errorLines: cloudwatch.Metric;

  constructor(scope: Construct, id: string, props: LogInsightsProps) {
    super(scope, id);
    const metricName = `${props.envName}-backend-error-lines`;
    new logs.MetricFilter(this, 'ErrorLines', {
      logGroup: props.backendLogGroup,
      filterName: `${props.envName}-backend-error-lines`,
      filterPattern: logs.FilterPattern.any(logs.FilterPattern.stringValue('$.level', '=', 'ERROR'), logs.FilterPattern.stringValue('$.level', '=', 'CRITICAL')),
      metricNamespace: LOG_METRICS_NAMESPACE,
      metricName,
      metricValue: '1',
      defaultValue: 0,
    });
    this.errorLines = new cloudwatch.Metric({ namespace: LOG_METRICS_NAMESPACE, metricName, period: Duration.minutes(5), statistic: 'Sum' });

    for (const [name, queryString] of Object.entries(SAVED_QUERIES)) {
      new logs.CfnQueryDefinition(this, `Query-${name}`, {
        name: `flashcard-lms/${props.envName}/${name}`,
        queryString,
        logGroupNames: [props.backendLogGroup.logGroupName],
      });
    }
  }
}
