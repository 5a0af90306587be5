import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A scratch directory for keys, CSRs and certificates made by one test file. */
export class OpensslWorkspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'eo-e2e-'));
  private count = 0;

  /** A fresh key and PKCS#10 request, made by `openssl req` as an administrator would. */
  csr(options: { bits?: number; subject?: string; digest?: string } = {}): { pem: string; keyPath: string } {
    const name = `req${++this.count}`;
    const keyPath = join(this.dir, `${name}.key`);
    const csrPath = join(this.dir, `${name}.csr`);
    execFileSync(
      'openssl',
      [
        'req',
        '-new',
        '-newkey',
        `rsa:${options.bits ?? 2048}`,
        '-nodes',
        `-${options.digest ?? 'sha256'}`,
        '-keyout',
        keyPath,
        '-subj',
        options.subject ?? '/CN=PC01',
        '-out',
        csrPath,
      ],
      { stdio: 'ignore' },
    );
    return { pem: readFileSync(csrPath, 'utf8'), keyPath };
  }

  /** base64 DER, the way Windows sends a request. */
  static pemToBase64Der(pem: string): string {
    return pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  }

  write(name: string, content: string | Buffer): string {
    const path = join(this.dir, name);
    writeFileSync(path, content);
    return path;
  }

  /** Runs `openssl verify`; returns its exit status and combined output. */
  verify(args: string[]): { ok: boolean; output: string } {
    const result = spawnSync('openssl', ['verify', ...args], { encoding: 'utf8' });
    return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
  }

  x509Text(certPath: string): string {
    return execFileSync('openssl', ['x509', '-in', certPath, '-noout', '-text'], { encoding: 'utf8' });
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
