import * as wafv2 from 'aws-cdk-lib/aws-wafv2';

type Statement = wafv2.CfnWebACL.StatementProperty;

/** Label namespace of the Core rule set ("Baseline rule groups", AWS WAF Developer Guide). */
export const CRS_LABEL = 'awswaf:managed:aws:core-rule-set';

/** WAF's longest rate-based window (EvaluationWindowSec: 60, 120, 300 or 600). */
export const WAF_MAX_WINDOW_SECONDS = 600;

/**
 * An hourly limit as its share of WAF's longest window (10 minutes): 1000/h becomes 166 per 10 min.
 * A client can then make at most 6 x 166 = 996 calls an hour; a burst of 166 within 10 minutes is
 * already limited, which an hourly window would allow.
 */
export const hourlyLimitPerWindow = (perHour: number) => Math.max(10, Math.floor((perHour * WAF_MAX_WINDOW_SECONDS) / 3600));

export const and = (...statements: Statement[]): Statement => ({ andStatement: { statements } });
export const or = (...statements: Statement[]): Statement => (statements.length === 1 ? statements[0] : { orStatement: { statements } });
export const not = (statement: Statement): Statement => ({ notStatement: { statement } });
export const hasLabel = (key: string): Statement => ({ labelMatchStatement: { scope: 'LABEL', key } });

/** The Host header equals `host` (case-insensitive). */
export const hostIs = (host: string): Statement => ({
  byteMatchStatement: {
    fieldToMatch: { singleHeader: { Name: 'host' } },
    positionalConstraint: 'EXACTLY',
    searchString: host.toLowerCase(),
    textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
  },
});

/** The URI path starts with one of `paths` (after URL-decoding, so %2F tricks do not escape). */
export const pathStartsWith = (paths: readonly string[]): Statement =>
  or(
    ...paths.map((path) => ({
      byteMatchStatement: {
        fieldToMatch: { uriPath: {} },
        positionalConstraint: 'STARTS_WITH',
        searchString: path,
        textTransformations: [{ priority: 0, type: 'URL_DECODE' }],
      },
    })),
  );

/** The request carries header `name` (a size constraint matches only when the header is present and non-empty). */
export const hasHeader = (name: string): Statement => ({
  sizeConstraintStatement: {
    fieldToMatch: { singleHeader: { Name: name } },
    comparisonOperator: 'GT',
    size: 0,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});
