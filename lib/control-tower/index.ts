export * from './acknowledgements';
export * from './aspects';
export * from './control-tower-checks';
export * from './rules';
export * from './docs-table';
