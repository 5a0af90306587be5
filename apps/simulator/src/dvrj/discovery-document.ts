/** Where a device registration client reads the discovery document (MS-DVRD), under the service's base URL. */
export const CONTRACT_PATH = '/EnrollmentServer/contract';
/** The API version Windows asks for, in discovery, registration and delete alike. */
export const DRS_API_VERSION = '1.0';

/** What the client follows from the discovery document. */
export interface DrsDiscovery {
  /** Absolute URL that POST (register) and DELETE (leave, with the device id appended) go to. */
  registrationEndpoint: string;
  registrationResourceId?: string;
  serviceVersion?: string;
}

/** The discovery request's URL: `{base}/EnrollmentServer/contract?api-version=1.0`. */
export function contractUrl(base: string): string {
  return `${base.replace(/\/+$/, '')}${CONTRACT_PATH}?api-version=${DRS_API_VERSION}`;
}

/**
 * Reads `DeviceRegistrationService.RegistrationEndpoint` (and its resource id and version) from the JSON
 * discovery document; a relative endpoint is resolved against the contract's URL. Throws, naming what is
 * missing, when the document does not name an http(s) endpoint.
 */
export function parseDiscoveryDocument(text: string, contract: string): DrsDiscovery {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new Error('the discovery document is not JSON');
  }
  const service = (document as { DeviceRegistrationService?: Record<string, unknown> } | null)?.DeviceRegistrationService;
  const endpoint = service?.RegistrationEndpoint;
  if (typeof endpoint !== 'string' || endpoint === '') throw new Error('the discovery document names no DeviceRegistrationService.RegistrationEndpoint');
  const url = new URL(endpoint, contract);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`RegistrationEndpoint ${endpoint} is not an http(s) URL`);
  return {
    registrationEndpoint: url.toString(),
    registrationResourceId: typeof service?.RegistrationResourceId === 'string' ? service.RegistrationResourceId : undefined,
    serviceVersion: typeof service?.ServiceVersion === 'string' ? service.ServiceVersion : undefined,
  };
}

/** The registration request's URL: the endpoint with `?api-version=1.0`. */
export function registrationUrl(discovery: DrsDiscovery): string {
  const url = new URL(discovery.registrationEndpoint);
  url.searchParams.set('api-version', DRS_API_VERSION);
  return url.toString();
}

/** The delete request's URL: the device id appended to the endpoint (as a path segment), with `?api-version=1.0`. */
export function deviceUrl(discovery: DrsDiscovery, deviceId: string): string {
  const url = new URL(discovery.registrationEndpoint);
  url.pathname = `${url.pathname.replace(/\/*$/, '/')}${encodeURIComponent(deviceId)}`;
  url.searchParams.set('api-version', DRS_API_VERSION);
  return url.toString();
}
