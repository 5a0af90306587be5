/** Wire constants of MS-MDE2 Discovery, MS-XCEP and MS-WSTEP, as Windows sends and expects them. */

export const SOAP12_CONTENT_TYPE = 'application/soap+xml; charset=utf-8';
export const SOAP11_CONTENT_TYPE = 'text/xml; charset=utf-8';

/** Largest request body the parsers read; Windows' requests are a few KiB (an RST with a 4096-bit CSR under 8). */
export const MDE2_MAX_XML_BYTES = 64 * 1024;

export const DISCOVER_ACTION = 'http://schemas.microsoft.com/windows/management/2012/01/enrollment/IDiscoveryService/Discover';
export const DISCOVER_RESPONSE_ACTION = 'http://schemas.microsoft.com/windows/management/2012/01/enrollment/IDiscoveryService/DiscoverResponse';
export const GET_POLICIES_ACTION = 'http://schemas.microsoft.com/windows/pki/2009/01/enrollmentpolicy/IPolicy/GetPolicies';
export const GET_POLICIES_RESPONSE_ACTION = 'http://schemas.microsoft.com/windows/pki/2009/01/enrollmentpolicy/IPolicy/GetPoliciesResponse';
export const REQUEST_SECURITY_TOKEN_ACTION = 'http://schemas.microsoft.com/windows/pki/2009/01/enrollment/RST/wstep';
export const REQUEST_SECURITY_TOKEN_RESPONSE_ACTION = 'http://schemas.microsoft.com/windows/pki/2009/01/enrollment/RSTRC/wstep';
export const SOAP_FAULT_ACTION = 'http://www.w3.org/2005/08/addressing/soap/fault';

export const DEVICE_ENROLLMENT_TOKEN_TYPE = 'http://schemas.microsoft.com/5.0.0.0/ConfigurationManager/Enrollment/DeviceEnrollmentToken';
export const PROVISION_DOC_VALUE_TYPE = 'http://schemas.microsoft.com/5.0.0.0/ConfigurationManager/Enrollment/DeviceEnrollmentProvisionDoc';
export const PKCS10_VALUE_TYPE = 'http://schemas.microsoft.com/windows/pki/2009/01/enrollment#PKCS10';
export const PKCS7_VALUE_TYPE = 'http://schemas.microsoft.com/windows/pki/2009/01/enrollment#PKCS7';
export const BASE64_ENCODING_TYPE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd#base64binary';
export const PASSWORD_TEXT_TYPE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';
export const WS_TRUST_ISSUE = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue';
export const WS_TRUST_RENEW = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Renew';

/** Namespace URIs; the parsers compare them without a trailing `/`, which Windows' own examples disagree on. */
export const Ns = {
  soap12: 'http://www.w3.org/2003/05/soap-envelope',
  soap11: 'http://schemas.xmlsoap.org/soap/envelope/',
  addressing: 'http://www.w3.org/2005/08/addressing',
  discovery: 'http://schemas.microsoft.com/windows/management/2012/01/enrollment',
  policy: 'http://schemas.microsoft.com/windows/pki/2009/01/enrollmentpolicy',
  enrollment: 'http://schemas.microsoft.com/windows/pki/2009/01/enrollment',
  wsTrust: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  authorization: 'http://schemas.xmlsoap.org/ws/2006/12/authorization',
  diagnostics: 'http://schemas.microsoft.com/2004/09/ServiceModel/Diagnostics',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  xsd: 'http://www.w3.org/2001/XMLSchema',
} as const;

/** MS-XCEP OIDs the policy response names: SHA-256 (hash group 1) and RSA (public-key group 3). */
export const SHA256_OID = '2.16.840.1.101.3.4.2.1';
export const RSA_OID = '1.2.840.113549.1.1.1';
