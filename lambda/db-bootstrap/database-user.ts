/** A role grant as DocumentDB's user commands take it. */
export interface RoleGrant {
  readonly role: string;
  readonly db: string;
}

/** The few user-management calls the bootstrap needs; the MongoDB driver sits behind it. */
export interface UserAdmin {
  /** Whether the user exists (users live in the `admin` database on DocumentDB). */
  userExists(username: string): Promise<boolean>;
  createUser(username: string, password: string, roles: readonly RoleGrant[]): Promise<void>;
  /** Sets the password and replaces the roles. */
  updateUser(username: string, password: string, roles: readonly RoleGrant[]): Promise<void>;
  close(): Promise<void>;
}

export interface AppUser {
  readonly username: string;
  readonly password: string;
  readonly databaseName: string;
}

/**
 * Creates the application user with `readWrite` on the application database only, or brings
 * an existing one up to date (current password, exactly that role). Idempotent.
 */
export async function ensureAppUser(admin: UserAdmin, user: AppUser): Promise<'created' | 'updated'> {
  return ensureUser(admin, user.username, user.password, [{ role: 'readWrite', db: user.databaseName }]);
}

/**
 * The health check's user: the built-in `read` role on the application database and nothing
 * else ("Database access using Role-Based Access Control", Amazon DocumentDB). It only opens a
 * connection and runs `ping`, which needs no privilege at all. Multi-user rotation creates the
 * `_clone` user with the current user's roles (SecretsManagerMongoDBRotationMultiUser, setSecret),
 * so the clone is read-only too.
 */
export async function ensureHealthCheckUser(admin: UserAdmin, user: AppUser): Promise<'created' | 'updated'> {
  return ensureUser(admin, user.username, user.password, [{ role: 'read', db: user.databaseName }]);
}

/** Creates the user, or sets the current password and exactly these roles on an existing one. */
async function ensureUser(admin: UserAdmin, username: string, password: string, roles: readonly RoleGrant[]): Promise<'created' | 'updated'> {
  if (await admin.userExists(username)) {
    await admin.updateUser(username, password, roles);
    return 'updated';
  }
  await admin.createUser(username, password, roles);
  return 'created';
}
