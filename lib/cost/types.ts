/** Shapes shared by the cost estimator's modules. */

/** A resource as the synthesized template holds it. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
}

/** One stack of an environment, with its region and resources. */
export interface AssemblyStack {
  readonly stackName: string;
  readonly region: string;
  /** `aws://<account>/<region>`, as the manifest names it. @default unknown (hand-made stacks) */
  readonly environment?: string;
  readonly resources: Readonly<Record<string, TemplateResource>>;
}

/** One environment (a stage of the app, or an account-level stack on its own). */
export interface AssemblyEnvironment {
  readonly name: string;
  readonly stacks: readonly AssemblyStack[];
}

/** A line of the estimate: items of the same line and price summed. */
export interface EstimateLine {
  readonly line: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPrice: number;
  readonly monthly: number;
}

/** A resource the estimator could not price, and why. */
export interface Unpriced {
  readonly resource: string;
  readonly type: string;
  readonly reason: string;
}

export interface Estimate {
  readonly environment: string;
  readonly lines: readonly EstimateLine[];
  readonly total: number;
  readonly unpriced: readonly Unpriced[];
  /** Assumptions the lines used, `name: value (about)`. */
  readonly assumptions: readonly string[];
  /** Usage-only resources left out on purpose, with the reason. */
  readonly notEstimated: readonly string[];
}
