export * from './diagnostic-event';
export * from './event-catalogue';
export * from './event-factory';
export * from './event-position';
export * from './event-recorder';
export * from './event-xml';
export * from './event.repository';
export * from './sse-parser';
