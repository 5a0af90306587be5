import type { RedisClient } from '../redis/redis-connection';
import { LuaScript } from '../redis/lua-script';
import { RedisKeys } from '../redis/redis-keys';
import { DeviceCommand, DeviceCommandOutcome, isSuccessCode } from './device-command.model';
import { DeviceCommandRepository } from './device-command.repository';
import addDeviceCommand from './lua/add-device-command-4.lua';
import completeDeviceCommand from './lua/complete-device-command-4.lua';
import dueDeviceCommands from './lua/due-device-commands-4.lua';
import markDeviceCommandsSent from './lua/mark-device-commands-sent-2.lua';

/** How long, and how many, answered or expired commands a device keeps. */
export interface DeviceCommandRetention {
  /** Kept this long after completion. */
  finishedSeconds: number;
  /** The newest this many are kept; older ones go first. */
  finishedPerDevice: number;
}

export const DEFAULT_DEVICE_COMMAND_RETENTION: DeviceCommandRetention = { finishedSeconds: 30 * 24 * 3600, finishedPerDevice: 1000 };

/**
 * A device's commands in one hash (id → JSON), with its queue order, its open commands and its finished
 * ones in sorted sets beside it, so that every change of a command is one script over fixed keys.
 * Finished commands are forgotten `finishedSeconds` after completion, or when more than
 * `finishedPerDevice` are kept, when the device's commands next change; a device whose commands stop
 * changing has its keys expire once the last of them would have been forgotten.
 */
export class RedisDeviceCommandRepository extends DeviceCommandRepository {
  private readonly addScript: LuaScript<string>;
  private readonly dueScript: LuaScript<[due: string[], expired: string[]]>;
  private readonly markSentScript: LuaScript<number>;
  private readonly completeScript: LuaScript<0 | 1>;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly retention: DeviceCommandRetention = DEFAULT_DEVICE_COMMAND_RETENTION,
  ) {
    super();
    this.addScript = new LuaScript(redis, 'add-device-command-4', addDeviceCommand);
    this.dueScript = new LuaScript(redis, 'due-device-commands-4', dueDeviceCommands);
    this.markSentScript = new LuaScript(redis, 'mark-device-commands-sent-2', markDeviceCommandsSent);
    this.completeScript = new LuaScript(redis, 'complete-device-command-4', completeDeviceCommand);
  }

  async add(command: DeviceCommand): Promise<DeviceCommand> {
    const createdAt = isoTime(command.createdAt, 'createdAt');
    const expiresAt = isoTime(command.expiresAt, 'expiresAt');
    // Expiry is decided by comparing ISO texts in Redis: both are stored in the one form toISOString gives.
    const stored: DeviceCommand = { ...command, createdAt, expiresAt };
    if (stored.results?.length === 0) delete stored.results;
    const keep = Math.max(0, Date.parse(expiresAt) - Date.parse(createdAt)) + this.retentionMs;
    const raw = await this.addScript.run(this.commandKeys(command.deviceObjectId), [command.id, JSON.stringify(stored), keep]);
    return parseCommand(raw);
  }

  async get(deviceObjectId: string, commandId: string): Promise<DeviceCommand | null> {
    const raw = await this.redis.hget(this.keys.deviceCommands(deviceObjectId), commandId);
    return raw === null ? null : parseCommand(raw);
  }

  async list(deviceObjectId: string): Promise<DeviceCommand[]> {
    const ids = await this.redis.zrange(this.keys.deviceCommandOrder(deviceObjectId), 0, -1);
    if (ids.length === 0) return [];
    const raws = await this.redis.hmget(this.keys.deviceCommands(deviceObjectId), ...ids);
    // A command forgotten between the two reads is simply not listed.
    return raws.filter((raw): raw is string => raw !== null).map(parseCommand);
  }

  async due(deviceObjectId: string, now: Date, limit: number): Promise<{ due: DeviceCommand[]; expired: DeviceCommand[] }> {
    const [due, expired] = await this.dueScript.run(this.commandKeys(deviceObjectId), [
      now.toISOString(),
      now.getTime(),
      Math.max(0, Math.floor(limit)),
      now.getTime() - this.retentionMs,
      this.retention.finishedPerDevice,
      this.retentionMs,
    ]);
    return { due: due.map(parseCommand), expired: expired.map(parseCommand) };
  }

  async markSent(deviceObjectId: string, commandIds: string[], at: Date): Promise<void> {
    if (commandIds.length === 0) return;
    await this.markSentScript.run([this.keys.deviceCommands(deviceObjectId), this.keys.openDeviceCommands(deviceObjectId)], [at.toISOString(), ...commandIds]);
  }

  async complete(deviceObjectId: string, outcome: DeviceCommandOutcome, at: Date): Promise<boolean> {
    const recorded = await this.completeScript.run(this.commandKeys(deviceObjectId), [
      outcome.commandId,
      isSuccessCode(outcome.statusCode) ? 'succeeded' : 'failed',
      outcome.statusCode,
      outcome.results && outcome.results.length > 0 ? JSON.stringify(outcome.results) : '',
      at.toISOString(),
      at.getTime(),
      at.getTime() - this.retentionMs,
      this.retention.finishedPerDevice,
      this.retentionMs,
    ]);
    return recorded === 1;
  }

  private get retentionMs(): number {
    return this.retention.finishedSeconds * 1000;
  }

  private commandKeys(deviceObjectId: string): string[] {
    return [
      this.keys.deviceCommands(deviceObjectId),
      this.keys.deviceCommandOrder(deviceObjectId),
      this.keys.openDeviceCommands(deviceObjectId),
      this.keys.finishedDeviceCommands(deviceObjectId),
    ];
  }
}

function isoTime(value: string, field: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new Error(`Device command ${field} '${value}' is not a time`);
  return new Date(time).toISOString();
}

/** A command as stored; Redis' JSON encoder writes an empty list as `{}`, so none is ever read back as one. */
function parseCommand(raw: string): DeviceCommand {
  const command = JSON.parse(raw) as DeviceCommand;
  if (command.results !== undefined && !Array.isArray(command.results)) delete command.results;
  return command;
}
