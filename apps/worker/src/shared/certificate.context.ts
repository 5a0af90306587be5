import { CertificateRecord, DeviceIdentity } from '@app/enrollment';
import { FlowContext } from '../flow/flow.types';

/** What a flow that issues a device certificate carries for it. */
export interface CertificateContext extends FlowContext {
  csr: string;
  deviceIdentity: DeviceIdentity;
  certificate?: CertificateRecord;
}
