export * from './device-command.model';
export * from './device-command.repository';
export * from './managed-device.model';
export * from './managed-device.repository';
export * from './management-session.model';
export * from './management-session.repository';
export * from './session-answer';
export * from './management-activity';
