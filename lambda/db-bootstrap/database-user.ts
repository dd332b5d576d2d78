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
  const roles: readonly RoleGrant[] = [{ role: 'readWrite', db: user.databaseName }];
  if (await admin.userExists(user.username)) {
    await admin.updateUser(user.username, user.password, roles);
    return 'updated';
  }
  await admin.createUser(user.username, user.password, roles);
  return 'created';
}
