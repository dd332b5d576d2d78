import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { Invoke, lambdaInvoker, runThroughLambdas } from '../../../scripts/migrate/lambda-run';

const PROPERTIES = { EnvName: 'staging', ImageTag: 'abc123', TimeoutMinutes: '50' };
const FUNCTIONS = { start: 'staging-flashcard-lms-migration-start', poll: 'staging-flashcard-lms-migration-poll' };

function options(overrides: Partial<Parameters<typeof runThroughLambdas>[1]> = {}) {
  let clock = 0;
  const printed: string[] = [];
  return {
    printed,
    o: {
      functions: FUNCTIONS,
      stackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/flashcard-lms-staging-migration/1',
      properties: PROPERTIES,
      pollIntervalMs: 30_000,
      sleep: async (ms: number) => {
        clock += ms;
      },
      now: () => clock,
      print: (line: string) => printed.push(line),
      ...overrides,
    },
  };
}

describe('on-demand run through the deployed functions', () => {
  test('sends the Update the Provider would send for a new image tag, then polls until complete', async () => {
    const calls: Array<[string, any]> = [];
    const answers = [{ IsComplete: false }, { IsComplete: true, Data: { Status: 'succeeded', DurationSeconds: '95', PrunedSnapshots: '' } }];
    const invoke: Invoke = async (fn, payload) => {
      calls.push([fn, payload]);
      return fn === FUNCTIONS.start ? { PhysicalResourceId: 'staging-database-migration', Data: { RunId: 'r1', SnapshotId: 's1', StartedAt: 't' } } : answers.shift();
    };
    const { o, printed } = options();
    const data = await runThroughLambdas(invoke, o);
    expect(data).toEqual({ Status: 'succeeded', DurationSeconds: '95', PrunedSnapshots: '' });
    const [startFn, startEvent] = calls[0];
    expect(startFn).toBe(FUNCTIONS.start);
    expect(startEvent).toMatchObject({
      RequestType: 'Update',
      StackId: o.stackId,
      PhysicalResourceId: 'staging-database-migration',
    });
    // Only the tag: the functions refuse any other property and take their settings from their environment.
    expect(startEvent.ResourceProperties).toEqual({ ImageTag: 'abc123' });
    expect(startEvent.OldResourceProperties).toEqual({ ImageTag: 'abc123-before-on-demand-run' });
    expect(calls.slice(1).every(([, e]) => JSON.stringify(e.ResourceProperties) === '{"ImageTag":"abc123"}')).toBe(true);
    expect(calls.slice(1).map(([fn, e]) => [fn, e.Data])).toEqual([
      [FUNCTIONS.poll, { RunId: 'r1', SnapshotId: 's1', StartedAt: 't' }],
      [FUNCTIONS.poll, { RunId: 'r1', SnapshotId: 's1', StartedAt: 't' }],
    ]);
    expect(printed).toEqual(['run r1: snapshot s1 requested', 'still running']);
  });

  test('a failing step fails the run with the function error', async () => {
    const invoke: Invoke = async (fn) => {
      if (fn === FUNCTIONS.start) return { PhysicalResourceId: 'x', Data: { RunId: 'r1', SnapshotId: 's1', StartedAt: 't' } };
      throw new Error('migrate task exited 3; snapshot s1 kept');
    };
    await expect(runThroughLambdas(invoke, options().o)).rejects.toThrow('migrate task exited 3; snapshot s1 kept');
  });

  test('a run in progress: fails at once, or waits with --wait', async () => {
    let busy = 2;
    const invoke: Invoke = async (fn) => {
      if (fn === FUNCTIONS.start && busy-- > 0) throw new Error('another migration is in progress: task t1 still running');
      return fn === FUNCTIONS.start ? { PhysicalResourceId: 'x', Data: { RunId: 'r2' } } : { IsComplete: true, Data: {} };
    };
    await expect(runThroughLambdas(invoke, options().o)).rejects.toThrow('another migration is in progress');
    busy = 2;
    const { o, printed } = options({ waitForOtherRunMs: 10 * 60_000 });
    await expect(runThroughLambdas(invoke, o)).resolves.toEqual({});
    expect(printed.filter((l) => l.startsWith('waiting:'))).toHaveLength(2);
  });
});

describe('lambdaInvoker', () => {
  const lambda = mockClient(LambdaClient);
  beforeEach(() => lambda.reset());

  test('returns the payload, and turns a function error into its message', async () => {
    const invoke = lambdaInvoker(new LambdaClient({ region: 'eu-west-1' }));
    lambda
      .on(InvokeCommand)
      .resolvesOnce({ Payload: Buffer.from('{"IsComplete":true}') as any })
      .resolvesOnce({ FunctionError: 'Unhandled', Payload: Buffer.from('{"errorMessage":"verify failed"}') as any });
    await expect(invoke('f', {})).resolves.toEqual({ IsComplete: true });
    await expect(invoke('f', {})).rejects.toThrow('verify failed');
    expect(lambda.commandCalls(InvokeCommand)[0].args[0].input.FunctionName).toBe('f');
  });
});
