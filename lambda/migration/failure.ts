export type FailedStep = 'start' | 'snapshot' | 'migrate' | 'verify' | 'poll';

/** A run failed at `step`; carries what the notification needs. */
export class MigrationFailure extends Error {
  constructor(
    public readonly step: FailedStep,
    public readonly reason: string,
    public readonly task?: { readonly arn: string; readonly exitCode?: number },
  ) {
    super(reason);
    this.name = 'MigrationFailure';
  }
}
