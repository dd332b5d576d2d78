/** What a `custom_resources.Provider` onEvent handler returns. */
export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Readonly<Record<string, string>>;
}
