/**
 * What the public status page says when a paging alarm fires, keyed by the alarm's purpose (its
 * name without the `<env>-` prefix). Only these alarms become public incidents, and only with
 * these words: no alarm names, CloudWatch reasons or resource ids reach the public page.
 * Composite alarms are left out: reading their history needs cloudwatch:DescribeAlarmHistory
 * on `*`, and the status page may read only its environment's alarms. Their members
 * (the health checks) are listed instead.
 */
export interface PublicNotice {
  /** Short, for users, e.g. "Elevated API errors" (at most 80 characters). */
  readonly title: string;
  /** One or two sentences for users (at most 300 characters). */
  readonly text: string;
}

export const PUBLIC_NOTICES: Readonly<Record<string, PublicNotice>> = {
  'backend-5xx-rate': { title: 'Elevated API errors', text: 'Some requests to the API fail. Studying and saving progress may not work. We are working on it.' },
  'frontend-5xx-rate': { title: 'Web app errors', text: 'Some pages of the web app fail to load. We are working on it.' },
  'alb-5xx-rate': { title: 'Site unreachable for some users', text: 'Many requests fail or time out before they reach the app. We are working on it.' },
  'database-connection-down': { title: 'Data unavailable', text: 'Decks, cards and progress cannot be loaded or saved. We are working on it.' },
  'api-health-check-failing': { title: 'API unavailable', text: 'The API does not answer. Logging in and studying do not work. We are working on it.' },
  'web-health-check-failing': { title: 'Web app unavailable', text: 'The web app does not load. We are working on it.' },
};
