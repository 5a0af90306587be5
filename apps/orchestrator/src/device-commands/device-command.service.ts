import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DeviceCommand, DeviceCommandOrigin, DeviceCommandRepository, EnrollmentError, ErrorCode, Page, PageRequest } from '@app/enrollment';
import { CommandSpec } from './command-specs';
import { ManagedDeviceLookup } from './managed-device-lookup.service';

export interface QueueOptions {
  ttlSeconds: number;
  origin?: DeviceCommandOrigin;
  /** The client's `Idempotency-Key`: the same key for the same device queues one command. */
  idempotencyKey?: string;
}

/** Queues commands for a managed device's next session, and reads them back. */
@Injectable()
export class DeviceCommandService {
  constructor(
    private readonly lookup: ManagedDeviceLookup,
    private readonly commands: DeviceCommandRepository,
  ) {}

  /** The command queued, and whether this call queued it (false: a repeat of an `Idempotency-Key`). */
  async queue(deviceObjectId: string, spec: CommandSpec, options: QueueOptions, now = new Date()): Promise<{ command: DeviceCommand; created: boolean }> {
    const { device } = await this.lookup.manageable(deviceObjectId);
    const command: DeviceCommand = {
      ...spec,
      id: options.idempotencyKey ? idempotentCommandId(device.id, options.idempotencyKey) : randomUUID(),
      deviceObjectId: device.id,
      origin: options.origin ?? 'admin',
      status: 'pending',
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + options.ttlSeconds * 1000).toISOString(),
      deliveries: 0,
    };
    const stored = await this.commands.add(command);
    if (!sameRequest(stored, command)) {
      throw EnrollmentError.permanent(ErrorCode.IdempotencyKeyReused, `Idempotency-Key was already used for another command (${stored.id}) of this device`);
    }
    return { command: stored, created: stored.createdAt === command.createdAt };
  }

  /** The device's commands, oldest first. */
  async list(deviceObjectId: string, page: PageRequest): Promise<Page<DeviceCommand>> {
    const device = await this.lookup.find(deviceObjectId);
    const all = await this.commands.list(device.id);
    return { items: all.slice(page.offset, page.offset + page.limit), total: all.length };
  }

  async get(deviceObjectId: string, commandId: string): Promise<DeviceCommand> {
    const device = await this.lookup.find(deviceObjectId);
    const command = /^[0-9a-f-]{36}$/i.test(commandId) ? await this.commands.get(device.id, commandId.toLowerCase()) : null;
    if (!command) throw EnrollmentError.permanent(ErrorCode.DeviceCommandNotFound, `Device object ${device.id} has no command ${commandId}`);
    return command;
  }
}

/** What the client asked for; a repeat with the same key must ask the same. */
function sameRequest(a: CommandSpec, b: CommandSpec): boolean {
  return a.verb === b.verb && a.target === b.target && a.data === b.data && a.format === b.format && a.type === b.type;
}

/** A UUID (version 8, name-based) from the device and the client's key, so that the repository keeps the first. */
export function idempotentCommandId(deviceObjectId: string, key: string): string {
  const bytes = createHash('sha256').update(`${deviceObjectId}\n${key}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
