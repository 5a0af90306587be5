export * from './discovery.codec';
export * from './register-request.schema';
export * from './register-response.codec';
export * from './error-details';
export * from './discovery-xml.codec';
