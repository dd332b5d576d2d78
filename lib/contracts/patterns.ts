/**
 * Value grammars that config, the Lambda functions and the scripts must agree on. Plain
 * TypeScript (no CDK), so Lambda bundles can import it.
 */

/**
 * An environment name. 20 characters at most: it prefixes resource names with their own limits
 * (`<env>-flashcard-lms-restore-validation` is a 64-character Lambda function name at most), so
 * config allows 20, and every function and script that receives one accepts exactly that.
 */
export const ENV_NAME = /^[a-z][a-z0-9-]{1,19}$/;
export const ENV_NAME_RULE = '2-20 characters of a-z, 0-9 and "-", starting with a letter';

/** An image tag as Docker and ECR accept it (Docker image spec: tag grammar, at most 128 characters). */
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
export const IMAGE_TAG_RULE = '1-128 of A-Z a-z 0-9 _ . - not starting with "." or "-"';

/**
 * A DocumentDB cluster identifier: 1-63 letters, digits or hyphens, starting with a letter,
 * no trailing or double hyphen (Amazon DocumentDB API Reference, CreateDBCluster, DBClusterIdentifier).
 */
export const DOCDB_CLUSTER_ID = /^(?!.*--)[a-zA-Z][a-zA-Z0-9-]{0,62}(?<!-)$/;
export const DOCDB_CLUSTER_ID_RULE = 'a letter, then letters, digits and single hyphens, at most 63, not ending with "-"';
