import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpensslResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A scratch directory for test fixtures; keys never leave it. */
export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), 'pki-spec-'));

  /** Absolute path of a file in the directory. */
  file(name: string): string {
    return join(this.path, name);
  }

  /** Writes a file and returns its path. */
  write(name: string, data: string | Buffer): string {
    writeFileSync(this.file(name), data);
    return this.file(name);
  }

  /** Reads a file as text. */
  read(name: string): string {
    return readFileSync(this.file(name), 'utf8');
  }

  /** Removes the directory. */
  dispose(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** Runs openssl without a shell. */
export function openssl(args: string[], cwd?: string): OpensslResult {
  const result = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs openssl and fails loudly on a non-zero exit. */
export function opensslOk(args: string[], cwd?: string): string {
  const result = openssl(args, cwd);
  if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
  return result.stdout;
}

export interface CsrFixtureOptions {
  key?: 'rsa' | 'ec';
  bits?: number;
  /** RSA public exponent of the new key (openssl's default is 65537). */
  publicExponent?: bigint;
  digest?: 'sha1' | 'sha256' | 'sha384' | 'sha512';
  subject?: string;
}

/** A CSR (PEM) made by `openssl req` with a fresh key. */
export function opensslCsr(dir: TempDir, opts: CsrFixtureOptions = {}): string {
  const name = `csr-${Math.random().toString(36).slice(2)}`;
  const newKey =
    opts.key === 'ec'
      ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']
      : ['-newkey', `rsa:${opts.bits ?? 2048}`, ...(opts.publicExponent ? ['-pkeyopt', `rsa_keygen_pubexp:${opts.publicExponent}`] : [])];
  opensslOk([
    'req',
    '-new',
    ...newKey,
    '-nodes',
    '-keyout',
    dir.file(`${name}.key`),
    '-subj',
    opts.subject ?? '/CN=device.example',
    `-${opts.digest ?? 'sha256'}`,
    '-out',
    dir.file(`${name}.pem`),
  ]);
  return dir.read(`${name}.pem`);
}
