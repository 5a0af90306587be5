/** The MS-DVRD api-version values Microsoft lists; any other is refused. */
export const DVRD_API_VERSIONS = ['1.0', '1.2'] as const;
export type DvrdApiVersion = (typeof DVRD_API_VERSIONS)[number];

export function isDvrdApiVersion(value: unknown): value is DvrdApiVersion {
  return typeof value === 'string' && (DVRD_API_VERSIONS as readonly string[]).includes(value);
}

export interface DiscoverySettings {
  /** Where MS-DVRJ register and delete are served (`…/EnrollmentServer/device/`). */
  registrationEndpoint: string;
  /** The relying party id of this service at AD FS (`urn:ms-drs:…`). */
  resourceId: string;
  authorizeUrl: string;
  tokenUrl: string;
  passiveUrl: string;
  /** Sites the browser puts in its intranet zone (version 1.2). */
  intranetEndpoints: string[];
}

/** The MS-DVRD discovery document (JSON) for `version`: 1.2 adds the join service and the browser zones. */
export function renderDiscovery(version: DvrdApiVersion, settings: DiscoverySettings): Record<string, unknown> {
  const document: Record<string, unknown> = {
    DeviceRegistrationService: {
      RegistrationEndpoint: settings.registrationEndpoint,
      RegistrationResourceId: settings.resourceId,
      ServiceVersion: '1.0',
    },
    AuthenticationService: { OAuth2: { AuthCodeEndpoint: settings.authorizeUrl, TokenEndpoint: settings.tokenUrl } },
    IdentityProviderService: { PassiveAuthEndpoint: settings.passiveUrl },
  };
  if (version === '1.2') {
    document.DeviceJoinService = { JoinEndpoint: settings.registrationEndpoint, JoinResourceId: settings.resourceId, ServiceVersion: '1.0' };
    document.WebBrowserZones = { Intranet: { Endpoints: settings.intranetEndpoints }, Trusted: null, Untrusted: null };
  }
  return document;
}
