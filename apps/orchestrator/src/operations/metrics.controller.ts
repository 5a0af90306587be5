import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { MetricsService } from './metrics.service';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswers, textAnswer } from '../http/api-responses';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  /** Prometheus text exposition format. */
  @Get()
  @ApiAnswers({ [HttpStatus.OK]: textAnswer('Prometheus text exposition format', ['text/plain']) })
  async scrape(@Res() response: Response): Promise<void> {
    response.type(this.metrics.registry.contentType).send(await this.metrics.render());
  }
}
