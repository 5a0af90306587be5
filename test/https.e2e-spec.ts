import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { selfSignedServerCertificate } from '../libs/enrollment/src/pki/testing/server-certificate';
import { AppProcess, freePort, spawnApp, TestService } from './support/service';
import { waitFor } from './support/wait';

interface HttpsAnswer {
  status: number;
  body: string;
  /** SHA-256 fingerprint of the certificate the server presented. */
  fingerprint256: string;
}

/** One GET over HTTPS on a connection of its own (no agent keeps it), trusting only `ca` when given. */
function getHttps(url: string, ca?: string): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpsGet(url, { ca, agent: false }, (response) => {
      const fingerprint256 = (response.socket as TLSSocket).getPeerCertificate().fingerprint256;
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, fingerprint256 }));
    });
    request.on('error', reject);
    request.setTimeout(5000, () => request.destroy(new Error(`no answer from ${url} within 5 s`)));
  });
}

describe('the orchestrator serving HTTPS (TLS_CERT_FILE, TLS_KEY_FILE, TLS_KEY_PASSPHRASE_FILE)', () => {
  // Made here, so that no certificate in the repository ever expires.
  const dir = mkdtempSync(join(tmpdir(), 'eo-e2e-https-'));
  const passphrase = `e2e-tls-${randomBytes(12).toString('hex')}`;
  const server = selfSignedServerCertificate({ names: ['localhost', '127.0.0.1'], passphrase });
  const files = {
    TLS_CERT_FILE: join(dir, 'server.crt'),
    TLS_KEY_FILE: join(dir, 'server.key'),
    TLS_KEY_PASSPHRASE_FILE: join(dir, 'server.passphrase'),
  };
  const service = new TestService('https');
  let orchestrator: AppProcess;
  let port: number;

  beforeAll(async () => {
    writeFileSync(files.TLS_CERT_FILE, server.cert);
    writeFileSync(files.TLS_KEY_FILE, server.key, { mode: 0o600 });
    writeFileSync(files.TLS_KEY_PASSPHRASE_FILE, `${passphrase}\n`, { mode: 0o600 });
    port = await freePort();
    orchestrator = spawnApp('orchestrator', service.env({ PORT: String(port), PUBLIC_URL: `https://127.0.0.1:${port}`, ...files }));
    await Promise.race([
      waitFor(async () => ((await getHttps(`https://127.0.0.1:${port}/health/live`, server.cert)).status === 200 ? true : undefined), {
        what: 'the orchestrator to answer over HTTPS',
      }),
      orchestrator.exited.then((code) => {
        throw new Error(`orchestrator exited with ${code}:\n${orchestrator.output}`);
      }),
    ]);
  });

  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset when beforeAll failed
    await orchestrator?.stop();
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers GET /health/live over HTTPS with the configured certificate', async () => {
    const answer = await getHttps(`https://127.0.0.1:${port}/health/live`, server.cert);

    expect(answer.status).toBe(200);
    expect(answer.fingerprint256).toBe(new X509Certificate(server.cert).fingerprint256);
  });

  it('presents a certificate a client that does not trust it refuses', async () => {
    await expect(getHttps(`https://127.0.0.1:${port}/health/live`)).rejects.toThrow(/self[- ]signed/i);
  });

  it('does not answer plain HTTP on that port', async () => {
    await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
  });

  it('says in its log that it listens for https, and never the passphrase', async () => {
    const line = await orchestrator.waitForLine(/"orchestrator listening"/);

    expect(JSON.parse(line)).toMatchObject({ scheme: 'https', port, publicUrl: `https://127.0.0.1:${port}` });
    expect(orchestrator.output.includes(passphrase)).toBe(false);
  });

  it('refuses to start with a wrong passphrase, naming TLS_KEY_PASSPHRASE_FILE and not the passphrase', async () => {
    const wrong = `e2e-wrong-${randomBytes(12).toString('hex')}`;
    const wrongFile = join(dir, 'wrong.passphrase');
    writeFileSync(wrongFile, wrong);

    const refused = spawnApp('orchestrator', service.env({ PORT: String(await freePort()), ...files, TLS_KEY_PASSPHRASE_FILE: wrongFile }));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'still running'>((resolve) => (timer = setTimeout(resolve, 20000, 'still running')));
    const code = await Promise.race([refused.exited, deadline]);
    clearTimeout(timer);
    if (code === 'still running') await refused.stop('SIGKILL');

    expect(code).toBe(1);
    expect(refused.output).toContain('Invalid configuration');
    expect(refused.output).toContain('TLS_KEY_PASSPHRASE_FILE: is not the passphrase of the private key in TLS_KEY_FILE');
    expect(refused.output.includes(wrong) || refused.output.includes(passphrase)).toBe(false);
    expect(refused.output).not.toContain('    at ');
  });
});
