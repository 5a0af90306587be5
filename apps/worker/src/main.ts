import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { bootOrExit, createJsonLogger, tellSupervisor, WinstonNestLogger } from '@app/enrollment';
import { WorkerModule } from './worker.module';

bootOrExit('worker', async (config) => {
  const logger = createJsonLogger(config.log.level, 'worker');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, logger), {
    logger: new WinstonNestLogger(logger),
  });
  app.enableShutdownHooks();
  await app.init();
  logger.info('worker ready', { concurrency: config.worker.concurrency, redisPrefix: config.redis.prefix });
  tellSupervisor({ type: 'ready', app: 'worker' });
  return logger;
});
