import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { RedisHealthIndicator } from './redis.health';

/** Liveness, readiness and Prometheus metrics. */
@Module({
  imports: [TerminusModule],
  controllers: [HealthController, MetricsController],
  providers: [RedisHealthIndicator],
})
export class OperationsModule {}
