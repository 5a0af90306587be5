import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  describeIssues,
  EnrollmentError,
  ErrorCode,
  InventoryDevice,
  InventoryDeviceInput,
  InventoryDeviceSchema,
  InventoryRepository,
  MAX_INVENTORY_BATCH,
} from '@app/enrollment';
import { AdminGuard } from '../auth/auth.guards';
import { AUTH, bodySchema } from '../http/openapi';
import { pageQuery, pageView } from '../http/page-query';
import { ZodValidationPipe } from '../http/zod-validation.pipe';

// Devices are checked one by one, so that one bad row does not refuse the whole batch.
const ImportBodySchema = z.strictObject({
  devices: z.array(z.unknown()).min(1, 'must hold at least one device').max(MAX_INVENTORY_BATCH, `must hold at most ${MAX_INVENTORY_BATCH} devices`),
});
const ImportBodyDocSchema = z.strictObject({ devices: z.array(InventoryDeviceSchema).min(1).max(MAX_INVENTORY_BATCH) });

const InventoryListQuerySchema = pageQuery({ defaultLimit: 100, maxLimit: 1000 });

interface RejectedDevice {
  index: number;
  code: ErrorCode;
  message: string;
}

@ApiTags('inventory')
@ApiBearerAuth(AUTH.admin)
@Controller('v1/inventory/devices')
@UseGuards(AdminGuard)
export class InventoryController {
  constructor(private readonly inventory: InventoryRepository) {}

  /**
   * Upserts Configuration Manager's devices, keyed by serial number (else SMBIOS GUID). Invalid devices
   * are listed in `rejected` by their index in `devices`; the others are stored.
   */
  @Post()
  @HttpCode(200)
  @ApiBody({ schema: bodySchema(ImportBodyDocSchema) })
  async import(@Body(new ZodValidationPipe(ImportBodySchema)) body: z.infer<typeof ImportBodySchema>) {
    const valid: InventoryDeviceInput[] = [];
    const rejected: RejectedDevice[] = [];
    body.devices.forEach((raw, index) => {
      const result = InventoryDeviceSchema.safeParse(raw);
      if (result.success) valid.push(result.data);
      else rejected.push({ index, code: ErrorCode.ValidationFailed, message: describeIssues(result.error.issues, 'device') });
    });
    const outcomes = await this.inventory.upsert(valid, new Date());
    const count = (outcome: string) => outcomes.filter((each) => each === outcome).length;
    return { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), rejected };
  }

  @Get()
  async list(@Query(new ZodValidationPipe(InventoryListQuerySchema)) query: z.infer<typeof InventoryListQuerySchema>) {
    return pageView(await this.inventory.list(query), query, inventoryView);
  }

  @Get(':serialNumber')
  async get(@Param('serialNumber') serialNumber: string) {
    const device = await this.inventory.findBySerialNumber(serialNumber);
    if (!device) throw EnrollmentError.permanent(ErrorCode.DeviceNotFound, `No inventory record for serial number ${serialNumber}`);
    return inventoryView(device);
  }
}

function inventoryView(device: InventoryDevice) {
  const { name, serialNumber, smbiosGuid, resourceId, adSite, createdAt, updatedAt } = device;
  return { name, serialNumber, smbiosGuid, resourceId, adSite, createdAt, updatedAt };
}
