import { mongoPing } from '../../../lambda/health-check/mongo-ping';

// The driver's constructor is replaced so the options it gets can be read; the real driver
// against local servers is in mongo-ping.test.ts.
const constructed: { url: string; options: Record<string, unknown> }[] = [];
const commands: unknown[][] = [];
const closed = jest.fn(async () => undefined);
jest.mock('mongodb', () => ({
  MongoClient: class {
    constructor(url: string, options: Record<string, unknown>) {
      constructed.push({ url, options });
    }
    connect = async () => this;
    db = (name: string) => ({ command: async (...args: unknown[]) => commands.push([name, ...args]) });
    close = closed;
  },
}));

test('connects over TLS to the host and port, credentials in the options (never the URL), verified against the CA file', async () => {
  const signal = new AbortController().signal;
  await mongoPing({ host: 'docdb.example', port: 27017, username: 'lmshealth', password: 'p@ss:word' }, { tlsCAFile: '/opt/rds-ca.pem', timeoutMs: 5000, signal });
  expect(constructed).toEqual([
    {
      url: 'mongodb://docdb.example:27017/',
      options: {
        auth: { username: 'lmshealth', password: 'p@ss:word' },
        authSource: 'admin',
        tls: true,
        tlsCAFile: '/opt/rds-ca.pem',
        directConnection: true,
        serverSelectionTimeoutMS: 4000,
        connectTimeoutMS: 2500,
        socketTimeoutMS: 4000,
        maxPoolSize: 1,
        retryWrites: false,
        appName: 'health-check',
      },
    },
  ]);
  expect(commands).toEqual([['admin', { ping: 1 }, { signal }]]);
  expect(closed).toHaveBeenCalledTimes(1);
});
