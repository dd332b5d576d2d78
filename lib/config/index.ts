export * from './schema';
export * from './load-config';
export { BUILT_IN_ENVIRONMENTS } from './environments';
