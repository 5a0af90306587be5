import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, UseGuards } from '@nestjs/common';
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
import { ApiAnswers, BODY_REFUSALS, pageShape, responseShape, V1_REFUSALS } from '../http/api-responses';
import { AUTH, bodySchema } from '../http/openapi';
import { pageQuery, pageView } from '../http/page-query';
import { ZodValidationPipe } from '../http/zod-validation.pipe';

// Devices are checked one by one, so that one bad row does not refuse the whole batch.
const ImportBodySchema = z.strictObject({
  devices: z.array(z.unknown()).min(1, 'must hold at least one device').max(MAX_INVENTORY_BATCH, `must hold at most ${MAX_INVENTORY_BATCH} devices`),
});
const ImportBodyDocSchema = z.strictObject({ devices: z.array(InventoryDeviceSchema).min(1).max(MAX_INVENTORY_BATCH) });

const InventoryListQuerySchema = pageQuery({ defaultLimit: 100, maxLimit: 1000 });

const InventoryDeviceViewSchema = responseShape(
  'InventoryDevice',
  z.object({
    name: z.string(),
    serialNumber: z.string().optional(),
    smbiosGuid: z.string().optional(),
    resourceId: z.number().int().optional(),
    adSite: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
  "A device of Configuration Manager's inventory",
);
const InventoryPageSchema = pageShape('InventoryDevicePage', InventoryDeviceViewSchema);
const ImportResultSchema = responseShape(
  'InventoryImport',
  z.object({
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.array(z.object({ index: z.number().int(), code: z.string(), message: z.string() })),
  }),
  'What the import did; invalid devices are listed by their index in `devices`, the others stored',
);

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
  @ApiAnswers(
    { [HttpStatus.OK]: { description: 'Counts of what changed, and the devices refused', json: ImportResultSchema } },
    ...BODY_REFUSALS,
    HttpStatus.UNAUTHORIZED,
    ...V1_REFUSALS,
  )
  async import(@Body(new ZodValidationPipe(ImportBodySchema)) body: z.infer<typeof ImportBodySchema>): Promise<z.infer<typeof ImportResultSchema>> {
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
  @ApiAnswers(
    { [HttpStatus.OK]: { description: 'Inventory devices', json: InventoryPageSchema } },
    HttpStatus.BAD_REQUEST,
    HttpStatus.UNAUTHORIZED,
    ...V1_REFUSALS,
  )
  async list(@Query(new ZodValidationPipe(InventoryListQuerySchema)) query: z.infer<typeof InventoryListQuerySchema>) {
    return pageView(await this.inventory.list(query), query, inventoryView);
  }

  @Get(':serialNumber')
  @ApiAnswers(
    { [HttpStatus.OK]: { description: 'The inventory device', json: InventoryDeviceViewSchema } },
    HttpStatus.UNAUTHORIZED,
    HttpStatus.NOT_FOUND,
    ...V1_REFUSALS,
  )
  async get(@Param('serialNumber') serialNumber: string) {
    const device = await this.inventory.findBySerialNumber(serialNumber);
    if (!device) throw EnrollmentError.permanent(ErrorCode.DeviceNotFound, `No inventory record for serial number ${serialNumber}`);
    return inventoryView(device);
  }
}

function inventoryView(device: InventoryDevice): z.infer<typeof InventoryDeviceViewSchema> {
  const { name, serialNumber, smbiosGuid, resourceId, adSite, createdAt, updatedAt } = device;
  return { name, serialNumber, smbiosGuid, resourceId, adSite, createdAt, updatedAt };
}
