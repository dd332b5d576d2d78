import { z } from 'zod';

// AWS WAF rate-based rules: limit 10 to 2,000,000,000 per evaluation window
// (AWS::WAFv2::WebACL RateBasedStatement, "Limit").
const WAF_MIN_LIMIT = 10;
const WAF_MAX_LIMIT = 2_000_000_000;

const wafLimit = (what: string) =>
  z
    .number()
    .int()
    .min(WAF_MIN_LIMIT, `${what} must be between ${WAF_MIN_LIMIT} and ${WAF_MAX_LIMIT} (AWS WAF rate limit bounds)`)
    .max(WAF_MAX_LIMIT, `${what} must be between ${WAF_MIN_LIMIT} and ${WAF_MAX_LIMIT} (AWS WAF rate limit bounds)`);

// WAF string matches take at most 200 bytes (ByteMatchStatement SearchString).
const urlPath = z.string().regex(/^\/[\w\-./~]{0,199}$/, 'must be a URL path starting with "/", e.g. "/api/v1/auth/login"');

/** What the WAF limits at the edge, and where (docs/edge.md). */
export const edgeSchema = z
  .strictObject({
    /** Flood protection: requests per client IP per 5 minutes, every host. A classroom shares one address. */
    perIpPer5Minutes: wafLimit('per-IP flood limit'),
    /** Requests per client IP per 5 minutes to the sign-in and token paths (credential stuffing). */
    signInPerIpPer5Minutes: wafLimit('sign-in limit'),
    /** Requests below this path on the API host are API calls, held to services.rateLimitPerMinute/PerHour. */
    apiPathPrefix: urlPath,
    /** Sign-in, token and refresh paths on the API host (prefix match). */
    signInPaths: z.array(urlPath).min(1, 'needs at least one sign-in path'),
    /** Upload paths on the API host (prefix match): bodies up to services.maxFileSizeBytes pass the WAF. */
    uploadPaths: z.array(urlPath).min(1, 'needs at least one upload path'),
    /** Request header that carries the signed-in user's credential; API limits count per distinct value. */
    credentialHeader: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a lower-case HTTP header name of 1-64 characters, e.g. "authorization"'),
  })
  .superRefine((edge, ctx) => {
    if (edge.signInPerIpPer5Minutes > edge.perIpPer5Minutes) {
      ctx.addIssue({
        code: 'custom',
        path: ['signInPerIpPer5Minutes'],
        message: `must be at most perIpPer5Minutes (${edge.perIpPer5Minutes}): the sign-in limit is the stricter one`,
      });
    }
    for (const [field, paths] of [
      ['signInPaths', edge.signInPaths],
      ['uploadPaths', edge.uploadPaths],
    ] as const) {
      paths.forEach((path, i) => {
        if (!path.startsWith(edge.apiPathPrefix)) ctx.addIssue({ code: 'custom', path: [field, i], message: `must start with apiPathPrefix "${edge.apiPathPrefix}"` });
      });
    }
  });

export type EdgeConfig = z.infer<typeof edgeSchema>;
