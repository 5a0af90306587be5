/** Injection tokens for values that have no class of their own. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const REDIS = Symbol('REDIS');
export const LOGGER = Symbol('LOGGER');
/** BullMQ's connection (options, or a shared cluster client that EnrollmentModule closes). */
export const BULL_CONNECTION = Symbol('BULL_CONNECTION');
