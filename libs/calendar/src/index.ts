export * from './iso-date';
export * from './statutory-holidays';
export * from './working-days';
export * from './chinese-days-source';
