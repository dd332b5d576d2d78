export * from './hosts';
export * from './names';
export * from './namespaces';
export * from './paths';
export * from './patterns';
