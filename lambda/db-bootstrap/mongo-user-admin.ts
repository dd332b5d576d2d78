import { RoleGrant, UserAdmin } from './database-user';

export interface AdminConnection {
  readonly endpoint: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly replicaSet: string;
  /** CA bundle that holds the Amazon RDS CAs (Node does not trust them by default). */
  readonly caFile: string;
}

/**
 * Connects as the master user. Credentials go in the options, not the URL, so no driver
 * error message can carry them.
 */
export async function connectUserAdmin(c: AdminConnection): Promise<UserAdmin> {
  // Loaded on first use: rotation events and deletes never need the driver at cold start.
  const { MongoClient } = await import('mongodb');
  const client = new MongoClient(`mongodb://${c.endpoint}:${c.port}/`, {
    auth: { username: c.username, password: c.password },
    authSource: 'admin',
    tls: true,
    tlsCAFile: c.caFile,
    replicaSet: c.replicaSet,
    directConnection: false,
    retryWrites: false,
    serverSelectionTimeoutMS: 20_000,
    connectTimeoutMS: 10_000,
  });
  await client.connect();
  const admin = client.db('admin');
  const toRoles = (roles: readonly RoleGrant[]) => roles.map((r) => ({ role: r.role, db: r.db }));
  return {
    async userExists(username) {
      const info = await admin.command({ usersInfo: { user: username, db: 'admin' } });
      return Array.isArray(info.users) && info.users.length > 0;
    },
    async createUser(username, password, roles) {
      await admin.command({ createUser: username, pwd: password, roles: toRoles(roles) });
    },
    async updateUser(username, password, roles) {
      await admin.command({ updateUser: username, pwd: password, roles: toRoles(roles) });
    },
    close: () => client.close(),
  };
}
