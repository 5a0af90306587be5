import { Module } from '@nestjs/common';
import { EventFeed } from './event-feed.service';
import { EventStreamController } from './event-stream.controller';
import { EventsController } from './events.controller';

/** Diagnostics events: queries, Windows Event XML, and the live feed every stream shares. */
@Module({
  controllers: [EventsController, EventStreamController],
  providers: [EventFeed],
  exports: [EventFeed],
})
export class EventsModule {}
