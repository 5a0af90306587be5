import { Module } from '@nestjs/common';
import { InventoryController } from './inventory.controller';

/** Configuration Manager's inventory, imported by admins and read by the bulk flow. */
@Module({ controllers: [InventoryController] })
export class InventoryModule {}
