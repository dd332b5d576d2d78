/** The id at the end of a task ARN (`arn:aws:ecs:<region>:<account>:task/<cluster>/<id>`). */
export function taskId(taskArn: string): string {
  return taskArn.split('/').pop() ?? taskArn;
}

/** awslogs stream of a task's container: `<prefix>/<container>/<task id>`. */
export function taskLogStream(prefix: string, containerName: string, taskArn: string): string {
  return `${prefix}/${containerName}/${taskId(taskArn)}`;
}

/** The console's own escaping in `#logsV2:` fragments: percent-encode, then `%` becomes `$25`. */
function consoleEscape(text: string): string {
  return encodeURIComponent(text).replace(/%/g, '$25');
}

/** CloudWatch Logs console page of one log stream. */
export function logStreamConsoleUrl(region: string, logGroup: string, logStream: string): string {
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${consoleEscape(logGroup)}/log-events/${consoleEscape(logStream)}`;
}
