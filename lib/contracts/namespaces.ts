/** CloudWatch metric namespaces: the functions publish into them, the alarms and dashboards read them. */
export const APP_NAMESPACE = 'FlashcardLMS';
/** Health-check results (the health-check function writes, alarms and the status page read). */
export const HEALTH_NAMESPACE = `${APP_NAMESPACE}/Health`;
/** Metrics of the log metric filters. */
export const LOG_METRICS_NAMESPACE = `${APP_NAMESPACE}/Logs`;
/** Migration runs (the migration functions write, the migration alarm reads). */
export const MIGRATION_NAMESPACE = `${APP_NAMESPACE}/Migrations`;
