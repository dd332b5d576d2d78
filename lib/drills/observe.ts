import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { AlarmState, Observation } from './types';

/** An HTTP GET: the status code, or an error for no answer. Injected so tests use a local server. */
export type HttpGet = (url: string) => Promise<{ status: number; body: string }>;

export const fetchGet: HttpGet = async (url) => {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: 'manual' });
  return { status: response.status, body: await response.text() };
};

export interface ObserverProps {
  readonly cloudwatch: CloudWatchClient;
  readonly ecs: ECSClient;
  readonly http: HttpGet;
  readonly alarms: readonly string[];
  readonly cluster: string;
  readonly services: readonly string[];
  /** The status page's JSON (`/status.json`). */
  readonly statusUrl: string;
  /** URLs the traffic probe requests on every look; none means no traffic. */
  readonly trafficUrls: readonly string[];
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Looks at alarms, the status page, the services and (when asked) sends traffic. */
export function observer(props: ObserverProps): () => Promise<Observation> {
  return async () => {
    const problems: string[] = [];
    const alarms: Record<string, AlarmState> = {};
    // DescribeAlarms takes at most 100 names per call (CloudWatch API Reference, AlarmNames).
    for (let i = 0; i < props.alarms.length; i += 100) {
      const out = await props.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: props.alarms.slice(i, i + 100), AlarmTypes: ['CompositeAlarm', 'MetricAlarm'] }));
      for (const a of [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])]) if (a.AlarmName) alarms[a.AlarmName] = a.StateValue ?? 'INSUFFICIENT_DATA';
    }
    for (const name of props.alarms) if (!(name in alarms)) problems.push(`alarm ${name} not found`);

    let statusPage: string | undefined;
    try {
      const page = await props.http(props.statusUrl);
      statusPage = page.status === 200 ? String((JSON.parse(page.body) as { status?: unknown }).status) : undefined;
      if (page.status !== 200) problems.push(`status page answered ${page.status}`);
    } catch (e) {
      problems.push(`status page: ${errorText(e)}`);
    }

    const described = await props.ecs.send(new DescribeServicesCommand({ cluster: props.cluster, services: [...props.services] }));
    const servicesHealthy = props.services.every((name) => {
      const s = described.services?.find((x) => x.serviceName === name);
      return s !== undefined && (s.runningCount ?? 0) >= (s.desiredCount ?? 1);
    });

    let failedRequests = 0;
    for (const url of props.trafficUrls) {
      try {
        const { status } = await props.http(url);
        if (status >= 400) {
          failedRequests += 1;
          problems.push(`${url} answered ${status}`);
        }
      } catch (e) {
        failedRequests += 1;
        problems.push(`${url}: ${errorText(e)}`);
      }
    }
    return { alarms, statusPage, servicesHealthy, requests: props.trafficUrls.length, failedRequests, problems };
  };
}
