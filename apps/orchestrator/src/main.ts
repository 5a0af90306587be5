import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { bootOrExit, createJsonLogger, listenError, tellSupervisor, WinstonNestLogger } from '@app/enrollment';
import { AppModule } from './app.module';
import { mountOpenApi } from './http/openapi';

const BODY_LIMIT = '64kb';

bootOrExit('orchestrator', async (config) => {
  const logger = createJsonLogger(config.log.level, 'orchestrator');
  const { tls } = config.http;
  // Windows enrolls only over HTTPS: with a certificate configured, the same port serves HTTPS alone.
  const scheme = tls ? 'https' : 'http';
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    logger: new WinstonNestLogger(logger),
    bodyParser: false,
    // Hooks are signed over the exact bytes received.
    rawBody: true,
    // A client certificate is asked for, never required: devices authenticate with theirs where a path needs it
    // (DeviceCertificateAuth checks the chain itself), and every other client goes on without one.
    ...(tls && { httpsOptions: { cert: tls.cert, key: tls.key, passphrase: tls.passphrase, requestCert: true, rejectUnauthorized: false } }),
  });
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.disable('x-powered-by');
  // X-Forwarded-For names the client only when it comes from a trusted proxy (rate limits count by client).
  app.set('trust proxy', config.http.trustedProxies.length > 0 ? config.http.trustedProxies : false);
  app.enableShutdownHooks();
  mountOpenApi(app);
  await app.listen(config.http.port).catch((error: unknown) => {
    throw listenError(error, config.http.port);
  });
  const port = (app.getHttpServer().address() as { port: number }).port;
  logger.info('orchestrator listening', { scheme, port, publicUrl: config.http.publicUrl, redisPrefix: config.redis.prefix });
  tellSupervisor({ type: 'listening', scheme, port, publicUrl: config.http.publicUrl });
  return logger;
});
