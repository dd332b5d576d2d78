import { log, logSink } from '../../../lambda/shared/log';

// The Lambda runtime turns each console call into a JSON line with timestamp, level and requestId.
describe('log', () => {
  afterEach(() => jest.restoreAllMocks());

  test.each([
    ['debug', 'debug'],
    ['info', 'info'],
    ['warn', 'warn'],
    ['error', 'error'],
  ] as const)('%s goes to console.%s as one object, so the runtime keeps its fields as JSON', (level, method) => {
    const spy = jest.spyOn(console, method).mockImplementation(() => undefined);
    log(level, 'migration run succeeded', { runId: 'r-1', tasks: 2 });
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy).toHaveBeenCalledWith({ message: 'migration run succeeded', runId: 'r-1', tasks: 2 });
  });

  test('the sink can be redirected (the on-demand command writes to stderr)', () => {
    const saved = logSink.write;
    const entries: unknown[] = [];
    const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
    try {
      logSink.write = (level, entry) => entries.push({ level, ...entry });
      log('info', 'snapshot started');
    } finally {
      logSink.write = saved;
    }
    expect(entries).toEqual([{ level: 'info', message: 'snapshot started' }]);
    expect(info).not.toHaveBeenCalled();
  });
});
