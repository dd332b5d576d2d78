/** The identity of one migration run; everything else is read back from AWS on each poll. */
export interface MigrationRun {
  /** `<yyyymmddhhmmss>-<6 hex>`; the tasks' startedBy tokens derive from it. */
  readonly runId: string;
  readonly snapshotId: string;
  /** ISO time the run started, for the duration metric and the timeout. */
  readonly startedAt: string;
}
