import { FisClient, GetExperimentCommand, ListExperimentTemplatesCommand, StartExperimentCommand, StopExperimentCommand } from '@aws-sdk/client-fis';
import { DRILL_TAG, ExperimentName } from './experiments';
import { Fault, FaultState } from './types';

/** ExperimentState.status values that end an experiment (FIS API Reference, ExperimentState). */
const ENDED = new Set(['completed', 'stopped', 'failed', 'cancelled']);

export interface FisFaultProps {
  readonly fis: FisClient;
  readonly env: string;
  readonly experiment: ExperimentName;
  /** Idempotency token of StartExperiment: a retried start never runs the experiment twice. */
  readonly clientToken: string;
}

/** Finds the environment's template by its `Drill` and `Environment` tags. */
export async function findTemplate(fis: FisClient, env: string, experiment: ExperimentName): Promise<string> {
  let nextToken: string | undefined;
  do {
    const page = await fis.send(new ListExperimentTemplatesCommand({ nextToken }));
    const found = page.experimentTemplates?.find((t) => t.tags?.[DRILL_TAG] === experiment && t.tags?.Environment === env);
    if (found?.id) return found.id;
    nextToken = page.nextToken;
  } while (nextToken);
  throw new Error(`No FIS experiment template tagged ${DRILL_TAG}=${experiment}, Environment=${env}: is the drills stack of ${env} deployed (drills.enabled)?`);
}

/** Runs one FIS experiment of the environment; cleanup stops it if it is still running. */
export function fisFault(props: FisFaultProps): Fault {
  let id: string | undefined;
  let ended = false;
  return {
    async start() {
      const templateId = await findTemplate(props.fis, props.env, props.experiment);
      const out = await props.fis.send(
        new StartExperimentCommand({ experimentTemplateId: templateId, clientToken: props.clientToken, tags: { Environment: props.env, [DRILL_TAG]: props.experiment } }),
      );
      id = out.experiment?.id;
      if (!id) throw new Error(`FIS started no experiment from template ${templateId}`);
      return `FIS experiment ${id} (${props.experiment})`;
    },
    async poll(): Promise<FaultState> {
      const state = (await props.fis.send(new GetExperimentCommand({ id }))).experiment?.state;
      const status: string = state?.status ?? 'unknown';
      if (ENDED.has(status)) ended = true;
      if (status === 'completed') return { state: 'done', detail: `experiment ${id} completed` };
      if (status === 'stopped') return { state: 'stopped', reason: `experiment ${id} stopped: ${state?.reason ?? 'no reason given'} (a stop-condition alarm went to ALARM?)` };
      if (status === 'failed' || status === 'cancelled') return { state: 'failed', reason: `experiment ${id} ${status}: ${state?.reason ?? 'no reason given'}` };
      return { state: 'running', detail: status };
    },
    async cleanup() {
      if (id === undefined) return ['no experiment was started'];
      if (ended) return [`experiment ${id} had ended; FIS rolled its actions back`];
      await props.fis.send(new StopExperimentCommand({ id }));
      return [`stopped experiment ${id}; FIS rolls back its actions`];
    },
  };
}
