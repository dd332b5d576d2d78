import { log } from '../shared/log';
import { HookResult, LifecycleHookEvent, runHook } from './hook';
import { loadSettings } from './settings';

// Read once per cold start: bad settings fail the init with every problem named (and ECS rolls back).
const settings = loadSettings(process.env);

/** ECS lifecycle hook at POST_TEST_TRAFFIC_SHIFT: the CI smoke check against the new revision. */
export const handler = async (event: LifecycleHookEvent): Promise<HookResult> => runHook(event, settings, { log });
