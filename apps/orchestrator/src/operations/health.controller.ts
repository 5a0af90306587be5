import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService } from '@nestjs/terminus';
import type { Response } from 'express';
import { RedisHealthIndicator } from './redis.health';
import { ApiTags } from '@nestjs/swagger';

/** Liveness (the process serves HTTP) and readiness (it can do its work: Redis answers, no eviction). */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res() response: Response): Promise<void> {
    try {
      response.json(await this.health.check([() => this.redis.check()]));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // Terminus' own report (which check failed, and why) is what probes and operators read.
      response.status(503).json(error.getResponse());
    }
  }
}
