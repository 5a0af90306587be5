import { LoggerService } from '@nestjs/common';
import { createLogger, format, transports, Logger } from 'winston';

/** One JSON line per log record on stdout: fields, not sentences. */
export function createJsonLogger(level: string, service: string): Logger {
  return createLogger({
    level,
    defaultMeta: { service, pid: process.pid },
    format: format.combine(format.timestamp(), format.errors({ stack: false }), format.json()),
    transports: [new transports.Console()],
  });
}

/** Routes Nest's own logging into the same winston logger. */
export class WinstonNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info(String(message), { context });
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error(String(message), { context, trace });
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn(String(message), { context });
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug(String(message), { context });
  }
  verbose(message: unknown, context?: string): void {
    this.logger.debug(String(message), { context });
  }
}
