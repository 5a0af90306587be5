import { CertificateRecord, DeviceIdentity } from '@app/enrollment';
import { FlowContext } from '../flow/flow.types';

/** What a flow that issues a device certificate carries for it. */
export interface CertificateContext extends FlowContext {
  csr: string;
  deviceIdentity: DeviceIdentity;
  certificate?: CertificateRecord;
  /**
   * The serial of the certificate an enrolled device asks to replace: the request issues a new one for
   * the same device object even though it is registered, and the old one is revoked once replaced.
   */
  replacesCertificate?: string;
}
