export * from './merkle';
export * from './log-leaf';
export * from './tree-head';
export * from './witness';
