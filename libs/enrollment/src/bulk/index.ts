export * from './bulk-token-policy';
export * from './customizations-xml';
export * from './device-name-template';
export * from './os-build';
export * from './provisioning-package.schema';
