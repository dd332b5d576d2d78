import { randomUUID } from 'node:crypto';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

/** Calls a function synchronously; rejects with the function's own error message when it fails. */
export type Invoke = (functionName: string, payload: unknown) => Promise<unknown>;

export function lambdaInvoker(client: LambdaClient): Invoke {
  return async (functionName, payload) => {
    const out = await client.send(new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(payload)) }));
    const body = out.Payload === undefined ? undefined : (JSON.parse(Buffer.from(out.Payload).toString('utf8') || 'null') as { errorMessage?: string } | null);
    if (out.FunctionError !== undefined) throw new Error(body?.errorMessage ?? `${functionName} failed (${out.FunctionError})`);
    return body;
  };
}

export interface LambdaRunOptions {
  readonly functions: { readonly start: string; readonly poll: string };
  readonly stackId: string;
  /** The `MigrationSettings` output: the functions' settings as deployed (only its ImageTag is sent). */
  readonly properties: Record<string, unknown>;
  /** Retry the start while another run is in progress, until this many ms have passed. @default fail at once */
  readonly waitForOtherRunMs?: number;
  readonly pollIntervalMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly print: (line: string) => void;
}

const IN_PROGRESS = /another migration is in progress/;

/**
 * An on-demand run through the deployed migration functions, so the caller needs nothing but
 * lambda:InvokeFunction (the CI deploy role): the same start and poll handlers as a deploy,
 * called with the event the Provider would send for an image-tag change, polled until done.
 * The event carries only the deployed image tag: the functions take every other setting from
 * their own environment and refuse any other tag.
 */
export async function runThroughLambdas(invoke: Invoke, o: LambdaRunOptions): Promise<Record<string, string>> {
  const envName = String(o.properties.EnvName);
  const imageTag = String(o.properties.ImageTag);
  const event = {
    RequestType: 'Update',
    ServiceToken: 'on-demand',
    ResponseURL: 'https://on-demand.invalid/',
    StackId: o.stackId,
    RequestId: randomUUID(),
    LogicalResourceId: 'DatabaseMigration',
    ResourceType: 'Custom::DatabaseMigration',
    PhysicalResourceId: `${envName}-database-migration`,
    ResourceProperties: { ImageTag: imageTag },
    // A different old tag is what makes an Update run; the deployed tag is what is migrated.
    OldResourceProperties: { ImageTag: `${imageTag}-before-on-demand-run` },
  };

  const giveUpAt = o.now() + (o.waitForOtherRunMs ?? 0);
  let started: { PhysicalResourceId: string; Data?: Record<string, string> };
  for (;;) {
    try {
      started = (await invoke(o.functions.start, event)) as typeof started;
      break;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!IN_PROGRESS.test(message) || o.now() >= giveUpAt) throw error;
      o.print(`waiting: ${message}`);
      await o.sleep(o.pollIntervalMs);
    }
  }
  o.print(`run ${started.Data?.RunId}: snapshot ${started.Data?.SnapshotId} requested`);

  for (;;) {
    await o.sleep(o.pollIntervalMs);
    const answer = (await invoke(o.functions.poll, {
      ...event,
      PhysicalResourceId: started.PhysicalResourceId,
      Data: started.Data,
    })) as { IsComplete: boolean; Data?: Record<string, string> };
    if (answer.IsComplete) return answer.Data ?? {};
    o.print('still running');
  }
}
