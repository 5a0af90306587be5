import { Injectable } from '@nestjs/common';
import { DeviceRepository } from '@app/enrollment';
import { Step } from '../../flow/flow.types';
import { LeaveContext } from '../workplace-join.context';

/** Marks only this user's device object removed; other users of the same PC keep theirs. */
@Injectable()
export class RemoveDeviceStep implements Step<LeaveContext> {
  readonly name = 'remove-device' as const;

  constructor(private readonly devices: DeviceRepository) {}

  async run(context: LeaveContext) {
    await this.devices.remove(context.job.deviceObjectId, new Date());
    return { DeviceObjectId: context.job.deviceObjectId };
  }
}
