import { Controller, Get, HttpStatus, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService } from '@nestjs/terminus';
import type { Response } from 'express';
import { z } from 'zod';
import { RedisHealthIndicator } from './redis.health';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswers, described, responseShape } from '../http/api-responses';

const LiveSchema = responseShape('Liveness', z.object({ status: z.literal('ok') }));
const checks = () => described(z.record(z.string(), z.looseObject({ status: z.enum(['up', 'down']) })), 'Per check: redis');
/** Terminus' report, which probes and operators read as it is. */
const ReadinessSchema = responseShape(
  'Readiness',
  z.object({ status: z.enum(['ok', 'error', 'shutting_down']), info: checks().optional(), error: checks().optional(), details: checks() }),
  "Terminus' health report: which check failed, and why (e.g. redis maxmemoryPolicy)",
);

/** Liveness (the process serves HTTP) and readiness (it can do its work: Redis answers, no eviction). */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get('live')
  @ApiAnswers({ [HttpStatus.OK]: { description: 'The process serves HTTP', json: LiveSchema } })
  live(): z.infer<typeof LiveSchema> {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiAnswers({
    [HttpStatus.OK]: { description: 'Redis answers and may not evict keys', json: ReadinessSchema },
    [HttpStatus.SERVICE_UNAVAILABLE]: { description: 'Not ready: the report says which check failed', json: ReadinessSchema },
  })
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
