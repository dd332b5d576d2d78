import { Pricer } from './context';
import { COMPUTE_PRICERS } from './compute';
import { DATA_PRICERS } from './data';
import { NETWORK_PRICERS } from './network';
import { OBSERVABILITY_PRICERS } from './observability';

/** Every priced resource type and its pricer. */
export const PRICERS: Readonly<Record<string, Pricer>> = { ...NETWORK_PRICERS, ...COMPUTE_PRICERS, ...DATA_PRICERS, ...OBSERVABILITY_PRICERS };

export { customMetrics } from './observability';
