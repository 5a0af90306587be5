import { randomUUID } from 'node:crypto';
import type { BulkTokenRepository } from '@app/enrollment/bulk/bulk-token.repository';
import type { CertificateRecord } from '@app/enrollment/pki/certificate.model';
import { issueCertificateRecord } from '@app/enrollment/pki/pki.service';
import { certificateRef, DeviceObject } from '@app/enrollment/directory/device.model';
import { createEvent, EventContext } from '@app/enrollment/diagnostics/event-factory';
import { FLOW_EVENTS } from '@app/enrollment/diagnostics/event-catalogue';
import { storedEvent } from '@app/enrollment/diagnostics/stored-event';
import type { EventDefinition } from '@app/enrollment/diagnostics/diagnostic-event';
import type { CertificateAuthority } from '@app/enrollment/pki/certificate-authority';
import { validateCsr } from '@app/enrollment/pki/csr-policy';
import type { RedisClient } from '@app/enrollment/redis/redis-connection';
import { bulkSubject, RedisKeys } from '@app/enrollment/redis/redis-keys';
import { FLOW_STEPS } from '@app/enrollment/requests/request.model';
import { BareJob } from './bare-job';

const THIRTY_DAYS_S = 30 * 24 * 3600;
const EVENTS_GLOBAL = 100000;

/**
 * One enrollment with nothing but the work itself: the bulk token's use counted (the product's own
 * atomic script), the CSR checked, the certificate signed, and then the request, certificate, device,
 * indexes and the same diagnostics events as the product writes, in a single MULTI.
 */
export class BareEnrollment {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly ca: CertificateAuthority,
    private readonly tokens: BulkTokenRepository,
    private readonly crlUrl: string,
  ) {}

  async run(job: BareJob): Promise<void> {
    if (job.flow === 'bulk-enrollment') {
      const outcome = await this.tokens.consume(job.tokenId, bulkSubject(job.packageId, job.serialNumber), Date.now());
      if (outcome !== 'OK') throw new Error(`bulk token refused: ${outcome}`);
    }
    const csr = validateCsr(job.csr);
    const now = new Date();
    const certificate = issueCertificateRecord(
      this.ca,
      { requestId: job.requestId, deviceObjectId: job.deviceObjectId, publicKey: csr.publicKey, subject: { commonName: job.deviceObjectId }, now },
      { certValidityDays: 365, crlUrl: this.crlUrl },
    );
    const device = this.deviceOf(job, certificate, now);
    const multi = this.redis.multi();
    const stamp = now.toISOString();
    const steps = FLOW_STEPS[job.flow].flatMap((step) => [
      `step:${step}`,
      JSON.stringify({ name: step, status: 'succeeded', attempts: 1, startedAt: stamp, finishedAt: stamp }),
    ]);
    const requestKey = this.keys.request(job.requestId);
    multi.hset(requestKey, 'id', job.requestId, 'flow', job.flow, 'status', 'succeeded', 'createdAt', stamp, 'updatedAt', stamp);
    multi.hset(requestKey, 'finishedAt', stamp, 'deviceObjectId', device.id, 'certificateSerial', certificate.serialNumber, ...steps);
    multi.expire(requestKey, THIRTY_DAYS_S);
    multi.set(this.keys.certificate(certificate.serialNumber), JSON.stringify(certificate));
    multi.set(this.keys.device(device.id), JSON.stringify(device));
    multi.zadd(this.keys.deviceList, now.getTime(), device.id);
    if (job.flow === 'workplace-join') {
      multi.set(this.keys.workplaceIndex(job.identity.upn, job.deviceId), device.id);
    } else {
      const enrollmentId = randomUUID();
      multi.set(this.keys.bulkDeviceIndex(job.packageId, job.serialNumber), device.id);
      multi.set(this.keys.deviceName(device.displayName), device.id, 'NX');
      multi.set(
        this.keys.mdmEnrollment(enrollmentId),
        JSON.stringify({ id: enrollmentId, deviceObjectId: device.id, enrollmentType: 'windowsBulkAzureDomainJoin', userless: true, requestId: job.requestId, enrolledAt: stamp }),
      );
      multi.set(this.keys.mdmEnrollmentByDevice(device.id), enrollmentId);
      multi.zadd(this.keys.mdmEnrollmentList, now.getTime(), enrollmentId);
    }
    const events = this.events(job, device, now);
    multi.incrby(this.keys.eventSequence, events.length);
    for (const event of events) {
      const json = JSON.stringify(storedEvent(event));
      multi.xadd(this.keys.eventStream, 'MAXLEN', '~', EVENTS_GLOBAL, '*', 'e', json);
      multi.rpush(this.keys.requestEvents(job.requestId), json);
    }
    multi.expire(this.keys.requestEvents(job.requestId), THIRTY_DAYS_S);
    multi.rpush(this.keys.deviceEvents(device.id), job.requestId);
    multi.expire(this.keys.deviceEvents(device.id), THIRTY_DAYS_S);
    const results = await multi.exec();
    const failed = results?.find(([error]) => error);
    if (!results || failed) throw new Error(`MULTI failed: ${failed?.[0]?.message ?? 'aborted'}`);
  }

  private deviceOf(job: BareJob, certificate: CertificateRecord, now: Date): DeviceObject {
    const ref = certificateRef(certificate);
    if (job.flow === 'workplace-join') {
      return {
        id: job.deviceObjectId,
        trustType: 'Workplace',
        status: 'active',
        deviceId: job.deviceId,
        displayName: job.deviceName,
        userPrincipalName: job.identity.upn,
        domain: job.domain,
        osVersion: job.osVersion,
        certificate: ref,
        requestId: job.requestId,
        registeredAt: now.toISOString(),
      };
    }
    return {
      id: job.deviceObjectId,
      trustType: 'AzureAd',
      status: 'active',
      deviceId: job.deviceObjectId,
      displayName: `BARE-${job.serialNumber.slice(-8)}`,
      osVersion: job.osVersion,
      serialNumber: job.serialNumber,
      packageId: job.packageId,
      enrollmentType: 'windowsBulkAzureDomainJoin',
      certificate: ref,
      requestId: job.requestId,
      registeredAt: now.toISOString(),
    };
  }

  /** The events the product's flow runner emits for a run that succeeds at the first attempt. */
  private events(job: BareJob, device: DeviceObject, now: Date) {
    const flow = FLOW_EVENTS[job.flow];
    const definitions: EventDefinition[] = [
      flow.started,
      ...(flow.turn ? [flow.turn.started] : []),
      ...FLOW_STEPS[job.flow].flatMap((step) => [flow.steps[step]!.started, flow.steps[step]!.succeeded]),
      ...(flow.turn ? [flow.turn.completed] : []),
      flow.completed,
    ];
    const context: EventContext = {
      activityId: job.requestId,
      computer: device.displayName,
      userId: device.userPrincipalName,
      deviceObjectId: device.id,
      now,
      data:
        job.flow === 'workplace-join'
          ? { UserPrincipalName: job.identity.upn, DeviceId: job.deviceId, DeviceName: job.deviceName, DeviceObjectId: device.id, RequestId: job.requestId }
          : { SerialNumber: job.serialNumber, PackageId: job.packageId, DeviceObjectId: device.id, RequestId: job.requestId, DeviceName: device.displayName },
    };
    return definitions.map((definition) => createEvent(definition, context));
  }
}
