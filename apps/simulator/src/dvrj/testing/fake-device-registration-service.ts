import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as forge from 'node-forge';
import { DRS_DEVICE_ID_OID, DRS_USER_ID_OID } from '../device-certificate';
import { WORKPLACE_JOIN_TYPE } from '../registration-request';

/** One request the fake saw, without its credentials. */
export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: Record<string, unknown>;
}

/** How the fake misbehaves, to test what the client does with a bad answer. */
export interface FakeDrsFaults {
  /** Answers every registration with this status (and a DRS error body). */
  registrationStatus?: number;
  /** Rewrites a good registration answer before it is sent. */
  tamper?: (answer: Record<string, any>) => void;
  /** Serves this text as the discovery document. */
  discoveryText?: string;
}

/**
 * A Device Registration Service written from MS-DVRD and MS-DVRJ, in-process, for the client's specs:
 * the discovery document, registration (bearer = a token it knows, JoinType 4, a pkcs10 request) answered
 * with a certificate that names the device and user objects in Microsoft's extensions, and delete.
 */
export class FakeDeviceRegistrationService {
  readonly seen: SeenRequest[] = [];
  readonly devices = new Map<string, string>();
  faults: FakeDrsFaults = {};
  private readonly caKey = forge.pki.privateKeyFromPem(
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
  );
  private readonly server = http.createServer((request, response) => void this.handle(request, response));

  /** `tokens` maps each bearer token the fake accepts to its user's UPN. */
  private constructor(private readonly tokens: ReadonlyMap<string, string>) {}

  static async start(tokens: ReadonlyMap<string, string>): Promise<FakeDeviceRegistrationService> {
    const fake = new FakeDeviceRegistrationService(tokens);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.baseUrl);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown> | undefined;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      send(response, 400, { code: 'invalid_request', message: 'the body is not JSON' });
      return;
    }
    this.seen.push({ method: request.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), body });
    if (url.searchParams.get('api-version') !== '1.0') {
      send(response, 400, { code: 'invalid_request', message: 'unsupported api-version' });
      return;
    }
    if (request.method === 'GET' && url.pathname === '/EnrollmentServer/contract') {
      if (this.faults.discoveryText !== undefined) return void response.writeHead(200, { 'content-type': 'application/json' }).end(this.faults.discoveryText);
      send(response, 200, {
        DeviceRegistrationService: {
          RegistrationEndpoint: `${this.baseUrl}/EnrollmentServer/device/`,
          RegistrationResourceId: 'urn:ms-drs:sts.contoso.com',
          ServiceVersion: '1.0',
        },
        AuthenticationService: {
          OAuth2: { AuthCodeEndpoint: `${this.baseUrl}/adfs/oauth2/authorize`, TokenEndpoint: `${this.baseUrl}/adfs/oauth2/token` },
        },
        IdentityProviderService: { PassiveAuthEndpoint: `${this.baseUrl}/adfs/ls` },
      });
      return;
    }
    const upn = this.tokens.get((request.headers.authorization ?? '').replace(/^Bearer /, ''));
    if (!upn) {
      send(response, 401, { code: 'invalid_token', message: 'the bearer token is not valid' });
      return;
    }
    const deviceMatch = /^\/EnrollmentServer\/device\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'DELETE' && deviceMatch) {
      if (this.devices.get(deviceMatch[1]) !== upn) {
        send(response, 404, { code: 'device_not_found', message: 'no such device' });
        return;
      }
      this.devices.delete(deviceMatch[1]);
      send(response, 200, {});
      return;
    }
    if (request.method === 'POST' && url.pathname === '/EnrollmentServer/device/') {
      this.register(response, upn, body);
      return;
    }
    send(response, 404, { code: 'not_found', message: 'no such resource' });
  }

  private register(response: http.ServerResponse, upn: string, body: Record<string, any> | undefined): void {
    if (this.faults.registrationStatus) return send(response, this.faults.registrationStatus, { code: 'invalid_request', message: 'refused' });
    if (body?.JoinType !== WORKPLACE_JOIN_TYPE) return send(response, 400, { code: 'invalid_request', message: 'JoinType must be 4' });
    if (body.CertificateRequest?.Type !== 'pkcs10' || typeof body.CertificateRequest.Data !== 'string') {
      return send(response, 400, { code: 'invalid_request', message: 'CertificateRequest must be pkcs10' });
    }
    const csr = forge.pki.certificationRequestFromAsn1(forge.asn1.fromDer(forge.util.decode64(body.CertificateRequest.Data)));
    if (!csr.verify()) return send(response, 400, { code: 'invalid_request', message: 'the request signature does not verify' });
    const deviceId = randomUUID();
    this.devices.set(deviceId, upn);
    const certificate = forge.pki.createCertificate();
    certificate.publicKey = csr.publicKey!;
    certificate.serialNumber = '01';
    certificate.validity.notBefore = new Date(Date.now() - 60_000);
    certificate.validity.notAfter = new Date(Date.now() + 864e5);
    certificate.setSubject([{ name: 'commonName', value: deviceId }]);
    certificate.setIssuer([{ name: 'commonName', value: 'Fake DRS CA' }]);
    certificate.setExtensions([
      { id: DRS_DEVICE_ID_OID, value: windowsGuidBytes(deviceId) },
      { id: DRS_USER_ID_OID, value: windowsGuidBytes(randomUUID()) },
    ]);
    certificate.sign(this.caKey, forge.md.sha256.create());
    const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(), 'binary');
    const answer: Record<string, any> = {
      Certificate: { Thumbprint: createHash('sha1').update(der).digest('hex').toUpperCase(), RawBody: der.toString('base64') },
      User: { Upn: upn },
      MembershipChanges: [{ LocalSID: 'S-1-5-32-544', AddSIDs: [] }],
    };
    this.faults.tamper?.(answer);
    send(response, 200, answer);
  }
}

/** A GUID's 16 bytes in Windows' order (first three fields little-endian), as a forge binary string. */
export function windowsGuidBytes(guid: string): string {
  const hex = guid.replace(/-/g, '');
  const swap = (start: number, end: number) => Buffer.from(hex.slice(start, end), 'hex').reverse();
  return Buffer.concat([swap(0, 8), swap(8, 12), swap(12, 16), Buffer.from(hex.slice(16), 'hex')]).toString('binary');
}

function send(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
