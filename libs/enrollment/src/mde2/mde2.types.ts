/**
 * Typed MS-MDE2 messages (Discovery, MS-XCEP GetPolicies, MS-WSTEP RequestSecurityToken), as the pure
 * codecs in this folder parse and render them. No I/O here: the orchestrator's protocol adapter maps them
 * to the service's intake, the simulator's Windows-shaped client to its requests.
 */

export type SoapVersion = '1.1' | '1.2';

/** What every request's WS-Addressing header says; the MessageID is echoed, never used as a key. */
export interface SoapHeader {
  version: SoapVersion;
  action: string;
  messageId?: string;
  to?: string;
}

/** `wsse:UsernameToken` of the Security header. */
export interface UsernameCredentials {
  username: string;
  password: string;
}

export interface DiscoverRequest {
  header: SoapHeader;
  emailAddress?: string;
  requestVersion?: string;
  deviceType?: string;
  applicationVersion?: string;
  osEdition?: string;
  /** `AuthPolicies/AuthPolicy`, as sent (e.g. OnPremise, Federated, Certificate). */
  authPolicies: string[];
}

export interface DiscoverResponseInput {
  version: SoapVersion;
  relatesTo?: string;
  authPolicy: 'OnPremise';
  enrollmentVersion: string;
  enrollmentPolicyServiceUrl: string;
  enrollmentServiceUrl: string;
  /** Rendered as the WCF-style `ActivityId` header when given. */
  activityId?: string;
}

export interface GetPoliciesRequest {
  header: SoapHeader;
  credentials?: UsernameCredentials;
}

export interface GetPoliciesResponseInput {
  version: SoapVersion;
  relatesTo?: string;
  /** Certificate validity and renewal periods, in seconds. */
  validityPeriodSeconds: number;
  renewalPeriodSeconds: number;
  minimalKeyLength: number;
  activityId?: string;
}

export interface BinarySecurityToken {
  /** The `ValueType` URI as sent, e.g. `…/2006/12/oasis-200401-wss-x509-token-profile-1.0#PKCS10`. */
  valueType: string;
  /** `pkcs10`, `pkcs7`, or `unknown` when the ValueType names neither. */
  kind: 'pkcs10' | 'pkcs7' | 'unknown';
  encodingType?: string;
  /** The token's base64 text, whitespace removed. */
  base64: string;
}

export interface RequestSecurityToken {
  header: SoapHeader;
  credentials?: UsernameCredentials;
  /** `…#Issue` or `…#Renew` by the RequestType URI's fragment; other fragments as sent. */
  requestType: string;
  tokenType?: string;
  binarySecurityToken?: BinarySecurityToken;
  /**
   * `AdditionalContext/ContextItem`s by name, in the order sent; unknown names kept, repeated names
   * (MAC) keep every value.
   */
  context: Record<string, string[]>;
}

export interface RstrInput {
  version: SoapVersion;
  relatesTo?: string;
  /** The wap-provisioningdoc XML; base64-encoded into the BinarySecurityToken. */
  provisioningDoc: string;
  /** Goes out as the `RequestID` of the response. */
  requestId?: string;
  activityId?: string;
}

/** Where the device certificate goes: My/User for a user enrollment, My/System for a device one. */
export type CertificateStoreScope = 'User' | 'System';

export interface ProvisioningDocInput {
  caCertificateDer: Buffer;
  deviceCertificateDer: Buffer;
  certificateStore: CertificateStoreScope;
  /** The DM server's PROVIDER-ID, also the DMClient/Provider node name. */
  providerId: string;
  /** `{PUBLIC_URL}/ManagementServer/MDM.svc`. */
  managementUrl: string;
  /** Base64 nonces for the CLIENT and APPSRV APPAUTH entries. */
  clientNonce: string;
  serverNonce: string;
  /** The device certificate's subject CN, when the caller knows it; otherwise it is read from the certificate. */
  deviceCommonName?: string;
  /** Days before expiry that the device starts renewing, and days between renewal retries. */
  renewalPeriodDays: number;
  renewalRetryIntervalDays: number;
}

/** What a renewal's provisioning document carries: the new certificate, where it goes, and whose it is. */
export type RenewalProvisioningDocInput = Pick<ProvisioningDocInput, 'caCertificateDer' | 'deviceCertificateDer' | 'certificateStore' | 'providerId'>;

export interface ParsedProvisioningDoc {
  /** Names of the top-level characteristics, in order. */
  topLevel: string[];
  caThumbprint: string;
  caCertificateBase64: string;
  deviceStore: CertificateStoreScope;
  deviceThumbprint: string;
  deviceCertificateBase64: string;
  application: {
    appId: string;
    providerId: string;
    addr: string;
    auth: Array<{ level: 'CLIENT' | 'APPSRV'; type: string; name?: string; secret?: string; data: string }>;
  };
  dmClientProviderId: string;
}

/** MS-MDE2 fault subcodes (`s:Receiver` / `s:Sender` with this subcode value). */
export enum Mde2Fault {
  MessageFormat = 'MessageFormat',
  Authentication = 'Authentication',
  Authorization = 'Authorization',
  CertificateRequest = 'CertificateRequest',
  EnrollmentServer = 'EnrollmentServer',
  InternalServiceFault = 'InternalServiceFault',
  InvalidSecurity = 'InvalidSecurity',
}

export interface SoapFaultInput {
  version: SoapVersion;
  relatesTo?: string;
  fault: Mde2Fault;
  /**
   * `Receiver` (the default, as in every MS-MDE2 example: Windows expects a 500) or `Sender` for a message
   * the client got wrong.
   */
  code?: 'Receiver' | 'Sender';
  /** A readable reason, never a secret. */
  reason: string;
  /** The `DeviceEnrollmentServiceError/ErrorType` detail where one applies, e.g. DeviceCapReached. */
  errorType?: string;
  /** Correlation id shown to the admin (the request id where there is one). */
  traceId?: string;
}

export interface RenderedFault {
  status: number;
  contentType: string;
  body: string;
}
