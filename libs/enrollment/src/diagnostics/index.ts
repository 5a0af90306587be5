export * from './diagnostic-event';
export * from './event-catalogue';
export * from './event-factory';
export * from './event-xml';
