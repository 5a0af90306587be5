import type { VerifiedIdentity } from '@app/enrollment/workplace-join/workplace-join.schema';

/** Queues of the bare pipeline, beside (never inside) the product's own. */
export const BARE_QUEUES = { workplace: 'bare-workplace-join', bulk: 'bare-bulk-enrollment' } as const;

/** What the producer checked and the worker still needs, per flow. */
export type BareJob =
  | {
      flow: 'workplace-join';
      requestId: string;
      /** The subject the request holds while it is open (RequestRepository.createUnlessInFlight). */
      inFlightSubject: string;
      deviceObjectId: string;
      deviceId: string;
      deviceName: string;
      domain: string;
      osVersion: string;
      csr: string;
      identity: VerifiedIdentity;
    }
  | {
      flow: 'bulk-enrollment';
      requestId: string;
      inFlightSubject: string;
      deviceObjectId: string;
      packageId: string;
      tokenId: string;
      serialNumber: string;
      osVersion: string;
      csr: string;
    };

/** Settings a bare worker process gets from its parent. */
export interface BareWorkerSettings {
  redisUrl: string;
  prefix: string;
  concurrency: number;
  caPassphrase: string;
}

export const BARE_WORKER_ROLE = 'bare-worker';
