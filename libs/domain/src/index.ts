export * from './shared/decider';
export * from './shared/errors';
export * from './shared/actor';
export * from './event-types';
export * from './organisation/organisation.events';
export * from './organisation/organisation.commands';
export * from './organisation/organisation.decider';
export * from './shared/scope';
