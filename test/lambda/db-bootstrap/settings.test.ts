import { parseBootstrapProperties, parseUrlSettingsEnv } from '../../../lambda/db-bootstrap/settings';
import { PROPERTIES, SECRETS } from './fixtures';

/** The one problem line the properties error has for `name` = `value`, or the parsed value when there is none. */
function parse(name: keyof typeof PROPERTIES | 'ReplicaSet' | 'HealthCheckUserSecretArn', value: string | undefined): string {
  const raw: Record<string, string | undefined> = { ...PROPERTIES, [name]: value };
  try {
    const props = parseBootstrapProperties(raw);
    const key = (name.charAt(0).toLowerCase() + name.slice(1)) as keyof typeof props;
    return `ok ${String(props[key])}`;
  } catch (e) {
    return (e as Error).message.replace('Invalid DatabaseBootstrap properties:\n  - ', '');
  }
}

const ENDPOINT_RULE = 'must be a host name such as "x.cluster-abc.eu-west-1.docdb.amazonaws.com"';
const REDIS_RULE = 'must be a host name such as "master.x.abc.euw1.cache.amazonaws.com"';

describe('host names (ClusterEndpoint, RedisHost)', () => {
  // A DNS name is at most 253 characters in text form (255 octets on the wire, RFC 1035 section 3.1).
  const longest = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;

  test.each(['a', 'Staging-1.cluster-abc.eu-west-1.docdb.amazonaws.com', longest])('%s is accepted', (host) => {
    expect(parse('ClusterEndpoint', host)).toBe(`ok ${host}`);
    expect(parse('RedisHost', host)).toBe(`ok ${host}`);
  });

  test('254 characters are refused', () => {
    expect(parse('ClusterEndpoint', `${longest}x`)).toMatch(/^ClusterEndpoint must be a host name such as "x\.cluster-abc\.eu-west-1\.docdb\.amazonaws\.com" \(got "a{63}\./);
    expect(parse('RedisHost', `${longest}x`)).toMatch(/^RedisHost must be a host name such as "master\.x\.abc\.euw1\.cache\.amazonaws\.com" \(got "a{63}\./);
  });

  test.each(['-leading-hyphen.example', '.leading-dot.example', 'under_score.example', 'host.example/path', 'host.example:27017', 'mongodb://host.example'])(
    '%s is refused, naming the rule',
    (host) => {
      expect(parse('ClusterEndpoint', host)).toBe(`ClusterEndpoint ${ENDPOINT_RULE} (got ${JSON.stringify(host)})`);
      expect(parse('RedisHost', host)).toBe(`RedisHost ${REDIS_RULE} (got ${JSON.stringify(host)})`);
    },
  );
});

describe('DatabaseName', () => {
  // MongoDB database names: fewer than 64 bytes, none of /\. "$ ("Naming Restrictions", MongoDB limits and thresholds).
  test.each(['a', 'Flash-cards_2', 'd'.repeat(63)])('%s is accepted', (name) => {
    expect(parse('DatabaseName', name)).toBe(`ok ${name}`);
  });

  test.each(['d'.repeat(64), 'flash.cards', 'flash cards', '/flashcards', 'flashcards/', 'flash$cards'])('%s is refused', (name) => {
    expect(parse('DatabaseName', name)).toBe(`DatabaseName must be 1-63 characters of A-Z, a-z, 0-9, "_" and "-" (got ${JSON.stringify(name)})`);
  });
});

describe('ReplicaSet', () => {
  test.each([
    [undefined, 'rs0'],
    ['', 'rs0'],
    ['Rs_1-a', 'Rs_1-a'],
    ['r'.repeat(64), 'r'.repeat(64)],
  ])('%j gives %s', (value, replicaSet) => {
    expect(parse('ReplicaSet', value)).toBe(`ok ${replicaSet}`);
  });

  test.each(['r'.repeat(65), 'rs.0', '/rs0', 'rs0/'])('%s is refused', (value) => {
    expect(parse('ReplicaSet', value)).toBe(`ReplicaSet must be 1-64 characters of A-Z, a-z, 0-9, "_" and "-" (got ${JSON.stringify(value)})`);
  });
});

describe('CaFilePath', () => {
  test.each(['/a', '/app/certs/Global_bundle-1.pem'])('%s is accepted', (path) => {
    expect(parse('CaFilePath', path)).toBe(`ok ${path}`);
  });

  test.each(['/', 'app/ca.pem', '/app/my ca.pem', '/app/ca.pem?x=1', '/app/ca&b.pem'])('%s is refused (it goes into the URL query unescaped)', (path) => {
    expect(parse('CaFilePath', path)).toBe(
      `CaFilePath must be an absolute path of A-Z, a-z, 0-9, ".", "_", "-" and "/", e.g. "/app/certs/global-bundle.pem" (got ${JSON.stringify(path)})`,
    );
  });
});

describe('ports', () => {
  test.each(['1', '65535'])('%s is accepted', (port) => {
    expect(parse('ClusterPort', port)).toBe(`ok ${port}`);
    expect(parse('RedisPort', port)).toBe(`ok ${port}`);
  });

  test.each(['0', '65536', '6379.5'])('%s is refused', (port) => {
    expect(parse('RedisPort', port)).toBe(`RedisPort must be an integer between 1 and 65535 (got ${JSON.stringify(port)})`);
  });
});

describe('HealthCheckUserSecretArn', () => {
  const RULE = 'must be an ARN of secretsmanager (arn:aws:secretsmanager:<region>:<account>:...)';

  test.each([
    [undefined, 'undefined'],
    ['', 'undefined'],
    [SECRETS.healthCheckUser, SECRETS.healthCheckUser],
    ['arn:aws-cn:secretsmanager:cn-north-1:111111111111:secret:x-AbC123', 'arn:aws-cn:secretsmanager:cn-north-1:111111111111:secret:x-AbC123'],
  ])('%j gives %s', (value, arn) => {
    expect(parse('HealthCheckUserSecretArn', value)).toBe(`ok ${arn}`);
  });

  test.each([
    'arn:aws:secretsmanager:eu-west-1:11111111111:secret:x',
    'arn:aws:secretsmanager:eu-west-1:111111111111:',
    `x${SECRETS.healthCheckUser}`,
    'arn:aws:ssm:eu-west-1:111111111111:parameter/x',
    'arn:aws:secretsmanager:EU-WEST-1:111111111111:secret:x',
    'arn:aws:secretsmanager:eu-west-1:111111111111:secret:x\ny',
  ])('%j is refused', (value) => {
    expect(parse('HealthCheckUserSecretArn', value)).toBe(`HealthCheckUserSecretArn ${RULE} (got ${JSON.stringify(value)})`);
  });

  test('no properties at all name every required one', () => {
    expect(() => parseBootstrapProperties(undefined)).toThrow(/^Invalid DatabaseBootstrap properties:\n {2}- MasterSecretArn is required/);
  });
});

describe('URL_SETTINGS environment variable', () => {
  const { ServiceToken: _t, MasterSecretArn: _m, ...URL_PROPERTIES } = PROPERTIES;
  const NOT_JSON = 'Environment variable URL_SETTINGS must hold a JSON object with the DatabaseBootstrap properties (AppUserSecretArn, ...); it is missing or not JSON';
  const NOT_OBJECT = 'Environment variable URL_SETTINGS must hold a JSON object with the DatabaseBootstrap properties (AppUserSecretArn, ...)';

  test.each([
    [undefined, NOT_JSON],
    ['', NOT_JSON],
    ['{AppUserSecretArn', NOT_JSON],
    ['null', NOT_OBJECT],
    ['"text"', NOT_OBJECT],
    ['5', NOT_OBJECT],
    ['[]', NOT_OBJECT],
  ])('%j is refused', (json, message) => {
    expect(() => parseUrlSettingsEnv(json)).toThrow(new Error(message));
  });

  test('reads the same settings as the custom resource, without the master secret', () => {
    expect(parseUrlSettingsEnv(JSON.stringify(URL_PROPERTIES))).toStrictEqual({
      appUserSecretArn: SECRETS.appUser,
      databaseUrlSecretArn: SECRETS.databaseUrl,
      redisUrlSecretArn: SECRETS.redisUrl,
      redisAuthTokenSecretArn: SECRETS.redisToken,
      clusterEndpoint: PROPERTIES.ClusterEndpoint,
      clusterPort: 27017,
      databaseName: 'flashcard_lms',
      replicaSet: 'rs0',
      caFilePath: '/app/certs/global-bundle.pem',
      redisHost: PROPERTIES.RedisHost,
      redisPort: 6379,
    });
  });
});
