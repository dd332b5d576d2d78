// The driver is replaced by a recorder: what matters here is what the bootstrap asks of it
// (TLS with the RDS CA bundle, credentials outside the URL, retryWrites off for DocumentDB)
// and the user commands it sends.
const created: { url: string; options: Record<string, unknown> }[] = [];
const commands: Record<string, unknown>[] = [];
const calls: string[] = [];
let usersInfoReply: Record<string, unknown> = { users: [] };

jest.mock('mongodb', () => ({
  MongoClient: class {
    constructor(url: string, options: Record<string, unknown>) {
      created.push({ url, options });
    }
    async connect() {
      calls.push('connect');
    }
    db(name: string) {
      calls.push(`db ${name}`);
      return {
        command: async (command: Record<string, unknown>) => {
          commands.push(command);
          return 'usersInfo' in command ? usersInfoReply : { ok: 1 };
        },
      };
    }
    async close() {
      calls.push('close');
    }
  },
}));

import { connectUserAdmin } from '../../../lambda/db-bootstrap/mongo-user-admin';

const CONNECTION = {
  endpoint: 'staging.cluster-abc.eu-west-1.docdb.amazonaws.com',
  port: 27017,
  username: 'master',
  password: 'p@ss:word/1',
  replicaSet: 'rs0',
  caFile: '/var/runtime/ca-cert.pem',
};

beforeEach(() => {
  created.length = 0;
  commands.length = 0;
  calls.length = 0;
  usersInfoReply = { users: [] };
});

test('connects over TLS with the CA bundle, credentials in the options and never in the URL, without retryable writes', async () => {
  await connectUserAdmin(CONNECTION);
  expect(created).toEqual([
    {
      url: 'mongodb://staging.cluster-abc.eu-west-1.docdb.amazonaws.com:27017/',
      options: {
        auth: { username: 'master', password: 'p@ss:word/1' },
        authSource: 'admin',
        tls: true,
        tlsCAFile: '/var/runtime/ca-cert.pem',
        replicaSet: 'rs0',
        directConnection: false,
        retryWrites: false,
        serverSelectionTimeoutMS: 20_000,
        connectTimeoutMS: 10_000,
      },
    },
  ]);
  expect(calls).toEqual(['connect', 'db admin']);
});

test('userExists asks usersInfo in the admin database and is true only for a non-empty list', async () => {
  const admin = await connectUserAdmin(CONNECTION);
  expect(await admin.userExists('app')).toBe(false);
  usersInfoReply = { users: [{ user: 'app' }] };
  expect(await admin.userExists('app')).toBe(true);
  usersInfoReply = { users: 'app' };
  expect(await admin.userExists('app')).toBe(false);
  expect(commands).toEqual([{ usersInfo: { user: 'app', db: 'admin' } }, { usersInfo: { user: 'app', db: 'admin' } }, { usersInfo: { user: 'app', db: 'admin' } }]);
});

test('createUser and updateUser send the password and exactly the roles given', async () => {
  const admin = await connectUserAdmin(CONNECTION);
  const roles = [{ role: 'readWrite', db: 'flashcards', extra: 'dropped' } as { role: string; db: string }];
  await admin.createUser('app', 'pw1', roles);
  await admin.updateUser('app', 'pw2', [{ role: 'read', db: 'flashcards' }]);
  expect(commands).toEqual([
    { createUser: 'app', pwd: 'pw1', roles: [{ role: 'readWrite', db: 'flashcards' }] },
    { updateUser: 'app', pwd: 'pw2', roles: [{ role: 'read', db: 'flashcards' }] },
  ]);
});

test('close closes the driver client', async () => {
  const admin = await connectUserAdmin(CONNECTION);
  await admin.close();
  expect(calls).toEqual(['connect', 'db admin', 'close']);
});
