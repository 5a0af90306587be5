import type { Server } from 'node:http';
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '@app/enrollment';

/**
 * Keep-alive on the HTTP server's connections.
 *
 * Idle connections stay open longer than clients and load balancers keep theirs (Node's 5 s would
 * let a client send a request on a connection the server is closing at that instant, which fails
 * with a reset instead of a response). From the start of shutdown, every response closes its
 * connection once sent, so that neither an idle client nor an event stream that just ended holds
 * the process for a keep-alive period.
 */
@Injectable()
export class HttpConnections implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private draining = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.server();
    server.keepAliveTimeout = this.config.http.keepAliveTimeoutMs;
    // Node requires the header timeout to outlast the keep-alive timeout.
    server.headersTimeout = this.config.http.keepAliveTimeoutMs + 1000;
    server.on('request', (_request, response) => {
      if (this.draining) response.shouldKeepAlive = false;
      response.on('finish', () => {
        if (this.draining) setImmediate(() => server.closeIdleConnections());
      });
    });
  }

  beforeApplicationShutdown(): void {
    this.draining = true;
    this.server().closeIdleConnections();
  }

  private server(): Server {
    return this.adapterHost.httpAdapter.getHttpServer() as Server;
  }
}
