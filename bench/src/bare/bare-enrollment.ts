import { randomUUID } from 'node:crypto';
import type { BulkTokenRepository } from '@app/enrollment/bulk/bulk-token.repository';
import type { MdmEnrollmentRepository } from '@app/enrollment/bulk/mdm-enrollment.repository';
import type { CertificateRecord } from '@app/enrollment/pki/certificate.model';
import type { CertificateRepository } from '@app/enrollment/pki/certificate.repository';
import { issueCertificateRecord } from '@app/enrollment/pki/pki.service';
import { certificateRef, DeviceObject } from '@app/enrollment/directory/device.model';
import type { DeviceRepository } from '@app/enrollment/directory/device.repository';
import { createEvent, EventContext } from '@app/enrollment/diagnostics/event-factory';
import { FLOW_EVENTS } from '@app/enrollment/diagnostics/event-catalogue';
import type { EventRepository } from '@app/enrollment/diagnostics/event.repository';
import type { EventDefinition } from '@app/enrollment/diagnostics/diagnostic-event';
import type { CertificateAuthority } from '@app/enrollment/pki/certificate-authority';
import { validateCsr } from '@app/enrollment/pki/csr-policy';
import type { RedisBatches } from '@app/enrollment/redis/redis-batch';
import { bulkSubject } from '@app/enrollment/redis/redis-keys';
import { FLOW_STEPS } from '@app/enrollment/requests/request.model';
import type { RequestRepository } from '@app/enrollment/requests/request.repository';
import { BareJob } from './bare-job';

/** The pipeline's few users each join many devices: their places are claimed as in the product, never refused. */
const MAX_DEVICES_PER_USER = Number.MAX_SAFE_INTEGER;

/** The repositories the product's steps write through, built as EnrollmentModule builds them. */
export interface BareRepositories {
  tokens: BulkTokenRepository;
  requests: RequestRepository;
  certificates: CertificateRepository;
  devices: DeviceRepository;
  enrollments: MdmEnrollmentRepository;
  events: EventRepository;
  batches: RedisBatches;
}

/**
 * One enrollment with nothing but the work itself, through the product's own repositories and scripts:
 * the claims of the first steps (the bulk token's use and the device name, or the user's device place),
 * the CSR checked and the certificate signed and recorded, the device object registered (and enrolled in
 * MDM), and then every step's checkpoints, the same diagnostics events as the product writes and the
 * request's outcome in one MULTI. Independent writes go out together on the auto-pipelined client.
 */
export class BareEnrollment {
  constructor(
    private readonly repositories: BareRepositories,
    private readonly ca: CertificateAuthority,
    private readonly crlUrl: string,
  ) {}

  async run(job: BareJob): Promise<void> {
    const { tokens, requests, certificates, devices, enrollments, events, batches } = this.repositories;
    const now = new Date();
    if (job.flow === 'bulk-enrollment') {
      const [outcome, named] = await Promise.all([
        tokens.consume(job.tokenId, bulkSubject(job.packageId, job.serialNumber), now.getTime()),
        devices.claimName(deviceName(job), job.deviceObjectId),
      ]);
      if (outcome !== 'OK') throw new Error(`bulk token refused: ${outcome}`);
      if (!named) throw new Error(`device name ${deviceName(job)} is taken`);
    } else if (!(await devices.claimUserPlace(job.identity.upn, job.deviceId, MAX_DEVICES_PER_USER))) {
      throw new Error(`${job.identity.upn} has no device place left`);
    }
    const csr = validateCsr(job.csr);
    const certificate = issueCertificateRecord(
      this.ca,
      { requestId: job.requestId, deviceObjectId: job.deviceObjectId, publicKey: csr.publicKey, subject: { commonName: job.deviceObjectId }, now },
      { certValidityDays: 365, crlUrl: this.crlUrl },
    );
    const device = this.deviceOf(job, certificate, now);
    await Promise.all([
      certificates.recordForRequest(certificate),
      devices.register(device),
      job.flow === 'bulk-enrollment' ? requests.recordSubject(job.requestId, { deviceName: device.displayName }) : undefined,
    ]);

    const batch = batches.begin();
    const written: Array<Promise<unknown>> = [];
    const steps = FLOW_STEPS[job.flow];
    const flow = FLOW_EVENTS[job.flow];
    const event = (definition: EventDefinition) => written.push(events.queueAppend(batch, createEvent(definition, this.eventContext(job, device, now))));
    event(flow.started);
    if (flow.turn) event(flow.turn.started);
    for (const step of steps) {
      written.push(requests.queueStartStep(batch, job.requestId, step));
      event(flow.steps[step]!.started);
      written.push(requests.queueFinishStep(batch, job.requestId, step));
      event(flow.steps[step]!.succeeded);
    }
    if (flow.turn) event(flow.turn.completed);
    written.push(requests.queueFinish(batch, job.requestId, { status: 'succeeded' }, job.inFlightSubject));
    event(flow.completed);
    await Promise.all([job.flow === 'bulk-enrollment' ? enrollments.enroll(this.mdmEnrollment(job, device, now)) : undefined, batch.exec(), ...written]);
  }

  private mdmEnrollment(job: Extract<BareJob, { flow: 'bulk-enrollment' }>, device: DeviceObject, now: Date) {
    return {
      id: randomUUID(),
      deviceObjectId: device.id,
      enrollmentType: 'windowsBulkAzureDomainJoin' as const,
      userless: true as const,
      managementAgent: 'mdm' as const,
      conditionalAccessEligible: true,
      osVersion: job.osVersion,
      osBuild: Number(job.osVersion.split('.')[2]),
      requestId: job.requestId,
      enrolledAt: now.toISOString(),
    };
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
      displayName: deviceName(job),
      osVersion: job.osVersion,
      serialNumber: job.serialNumber,
      packageId: job.packageId,
      enrollmentType: 'windowsBulkAzureDomainJoin',
      certificate: ref,
      requestId: job.requestId,
      registeredAt: now.toISOString(),
    };
  }

  /** What the product's flow runner gives the events of a run that succeeds at the first attempt. */
  private eventContext(job: BareJob, device: DeviceObject, now: Date): EventContext {
    return {
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
  }
}

function deviceName(job: BareJob): string {
  return job.flow === 'workplace-join' ? job.deviceName : `BARE-${job.serialNumber.slice(-8)}`;
}
