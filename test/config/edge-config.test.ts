import { problemsWith } from '../helpers/configs';

const problems = (edge: object) => problemsWith('production', { edge });
const RATE = 'must be between 10 and 2000000000 (AWS WAF rate limit bounds)';

describe('edge config', () => {
  test('WAF rate limits are 10 to 2,000,000,000 (AWS::WAFv2::WebACL RateBasedStatement Limit), bounds included', () => {
    expect(problems({ perIpPer5Minutes: 2_000_000_000, signInPerIpPer5Minutes: 10 })).toEqual([]);
    expect(problems({ perIpPer5Minutes: 2_000_000_001, signInPerIpPer5Minutes: 9 })).toEqual([
      `production: edge.perIpPer5Minutes: per-IP flood limit ${RATE} (got 2000000001)`,
      `production: edge.signInPerIpPer5Minutes: sign-in limit ${RATE} (got 9)`,
    ]);
    expect(problems({ perIpPer5Minutes: 9, signInPerIpPer5Minutes: 9 })).toEqual([
      `production: edge.perIpPer5Minutes: per-IP flood limit ${RATE} (got 9)`,
      `production: edge.signInPerIpPer5Minutes: sign-in limit ${RATE} (got 9)`,
    ]);
    expect(problems({ signInPerIpPer5Minutes: 100.5 })).toEqual(['production: edge.signInPerIpPer5Minutes: must be an int (got 100.5)']);
  });

  test('the sign-in limit may equal the flood limit but not exceed it', () => {
    expect(problems({ perIpPer5Minutes: 100, signInPerIpPer5Minutes: 100 })).toEqual([]);
    expect(problems({ perIpPer5Minutes: 100, signInPerIpPer5Minutes: 101 })).toEqual([
      'production: edge.signInPerIpPer5Minutes: must be at most perIpPer5Minutes (100): the sign-in limit is the stricter one (got 101)',
    ]);
  });

  test('paths start with "/" and fit a WAF string match (200 bytes)', () => {
    const longest = `/api/${'a'.repeat(195)}`;
    expect(longest).toHaveLength(200);
    expect(problems({ signInPaths: [longest], uploadPaths: ['/api/v1/uploads'] })).toEqual([]);
    const path = 'must be a URL path starting with "/", e.g. "/api/v1/auth/login"';
    expect(problems({ signInPaths: [`${longest}a`], uploadPaths: ['/api/up load'] })).toEqual([
      `production: edge.signInPaths.0: ${path} (got ${JSON.stringify(`${longest}a`).slice(0, 77)}...)`,
      `production: edge.uploadPaths.0: ${path} (got "/api/up load")`,
    ]);
    // A prefix that is no path is reported, and so is every path that does not start with it.
    expect(problems({ apiPathPrefix: 'api/' })).toEqual([
      `production: edge.apiPathPrefix: ${path} (got "api/")`,
      'production: edge.signInPaths.0: must start with apiPathPrefix "api/" (got "/api/v1/auth/login")',
      'production: edge.signInPaths.1: must start with apiPathPrefix "api/" (got "/api/v1/auth/token")',
      'production: edge.signInPaths.2: must start with apiPathPrefix "api/" (got "/api/v1/auth/refresh")',
      'production: edge.uploadPaths.0: must start with apiPathPrefix "api/" (got "/api/v1/uploads")',
    ]);
  });

  test('sign-in and upload paths must be given and lie below the API prefix, each named by its index', () => {
    expect(problems({ signInPaths: [], uploadPaths: [] })).toEqual([
      'production: edge.signInPaths: needs at least one sign-in path (got [])',
      'production: edge.uploadPaths: needs at least one upload path (got [])',
    ]);
    expect(problems({ signInPaths: ['/api/v1/auth/login', '/auth/token'], uploadPaths: ['/uploads'] })).toEqual([
      'production: edge.signInPaths.1: must start with apiPathPrefix "/api/" (got "/auth/token")',
      'production: edge.uploadPaths.0: must start with apiPathPrefix "/api/" (got "/uploads")',
    ]);
  });

  test('the credential header is a lower-case header name of 1-64 characters', () => {
    const message = 'must be a lower-case HTTP header name of 1-64 characters, e.g. "authorization"';
    expect(problems({ credentialHeader: 'x'.repeat(64) })).toEqual([]);
    for (const header of ['X-auth', 'auth X', 'x'.repeat(65), '']) {
      expect(problems({ credentialHeader: header })).toEqual([`production: edge.credentialHeader: ${message} (got ${JSON.stringify(header)})`]);
    }
  });
});
