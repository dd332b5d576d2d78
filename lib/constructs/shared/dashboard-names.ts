/** Name of an environment's CloudWatch dashboard; alarms link to it before it exists. */
export const dashboardName = (envName: string) => `${envName}-flashcard-lms`;

export const dashboardUrl = (region: string, envName: string) =>
  `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${dashboardName(envName)}`;
