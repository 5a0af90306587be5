import { Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { assertDeviceName, DeviceRepository, EnrollmentError, ErrorCode, parseNameTemplate, renderDeviceName, RequestRepository } from '@app/enrollment';
import { Step } from '../../flow/flow.types';
import { BulkContext, nameDevice } from '../bulk-enrollment.context';

const MAX_DRAWS = 32;

/**
 * Turns the package's name template into this device's name and reserves it among active devices. The
 * random part is drawn from the request id, so a retry draws the same names and finds its own claim
 * instead of leaving an orphaned one; a taken name makes it draw again, a serial-only name fails. A
 * device that reports its name already carries it (Windows applied the template): that name is checked
 * and claimed as it is. A device that is enrolled already keeps its name.
 */
@Injectable()
export class ResolveNameStep implements Step<BulkContext> {
  readonly name = 'resolve-name' as const;

  constructor(
    private readonly devices: DeviceRepository,
    private readonly requests: RequestRepository,
  ) {}

  async run(context: BulkContext) {
    const existing = await this.devices.findActive(context.deviceIdentity);
    const reported = context.job.reported?.deviceName;
    const name = existing?.displayName ?? (reported === undefined ? await this.claim(context) : await this.claimReported(context, reported));
    await this.requests.recordSubject(context.requestId, { deviceName: name });
    nameDevice(context, name);
    return { DeviceName: name };
  }

  async restore(context: BulkContext): Promise<void> {
    const request = await this.requests.get(context.requestId);
    if (request?.subject.deviceName) nameDevice(context, request.subject.deviceName);
  }

  /** A request that fails for good gives its name back, so another device may take it. */
  async compensate(context: BulkContext): Promise<void> {
    if (context.deviceName) await this.devices.releaseName(context.deviceName, context.deviceObjectId);
  }

  private async claimReported(context: BulkContext, reported: string): Promise<string> {
    const name = assertDeviceName(reported);
    if (!(await this.devices.claimName(name, context.deviceObjectId))) {
      throw EnrollmentError.permanent(
        ErrorCode.NameCollision,
        `The device reports the name ${name}, which another active device already uses; rename one of them and enroll again`,
      );
    }
    return name;
  }

  private async claim(context: BulkContext): Promise<string> {
    const template = parseNameTemplate(context.package!.deviceNameTemplate);
    const draws = template.hasRandom ? MAX_DRAWS : 1;
    for (let draw = 0; draw < draws; draw++) {
      const candidate = renderDeviceName(template, context.job.serialNumber, (count) => randomDigits(`${context.requestId}:${draw}`, count));
      if (await this.devices.claimName(candidate, context.deviceObjectId)) return candidate;
      if (!template.hasRandom) {
        throw EnrollmentError.permanent(ErrorCode.NameCollision, `The name ${candidate} is already used by an active device`);
      }
    }
    throw EnrollmentError.permanent(ErrorCode.NameSpaceExhausted, `No free name found for template ${template.template} after ${MAX_DRAWS} draws`);
  }
}

/** Digits derived from a seed: the same seed always gives the same digits. */
function randomDigits(seed: string, count: number): string {
  let digits = '';
  for (let block = 0; digits.length < count; block++) {
    const hash = createHmac('sha256', seed).update(String(block)).digest();
    for (const byte of hash) if (byte < 250 && digits.length < count) digits += String(byte % 10);
  }
  return digits;
}
