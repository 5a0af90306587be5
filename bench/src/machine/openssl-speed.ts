import { spawn } from 'node:child_process';

/** What `openssl speed rsa2048` reports: private-key (sign) and public-key (verify) operations per second. */
export interface OpensslSpeed {
  signPerSecond: number;
  verifyPerSecond: number;
}

/**
 * Reads the summary table of `openssl speed rsa2048` (its columns vary between OpenSSL versions, so they
 * are found by header), or failing that the "Doing 2048 bits private rsa's" progress lines.
 */
export function parseOpensslSpeed(output: string): OpensslSpeed {
  const lines = output.split('\n');
  const headerIndex = lines.findIndex((line) => /\bsign\/s\b/.test(line));
  const row = lines.find((line, index) => index > headerIndex && /^\s*rsa\s+2048\s+bits?\b/i.test(line));
  if (headerIndex >= 0 && row) {
    const headers = lines[headerIndex].trim().split(/\s+/);
    const values = row
      .replace(/^\s*rsa\s+2048\s+bits?\s+/i, '')
      .trim()
      .split(/\s+/);
    const column = (name: string) => Number(values[headers.indexOf(name)]);
    const result = { signPerSecond: column('sign/s'), verifyPerSecond: column('verify/s') };
    if (result.signPerSecond > 0) return result;
  }
  const progress = (kind: 'private' | 'public') => {
    const match = new RegExp(`Doing 2048 bits? ${kind} rsa'?s.*?:\\s*(\\d+)\\s+2048 bits? ${kind} RSA'?s in ([\\d.]+)s`, 'i').exec(output);
    return match ? Number(match[1]) / Number(match[2]) : Number.NaN;
  };
  const fallback = { signPerSecond: progress('private'), verifyPerSecond: progress('public') };
  if (fallback.signPerSecond > 0) return fallback;
  throw new Error('openssl speed printed no RSA 2048 sign rate');
}

/** Runs `openssl speed -seconds <seconds> rsa2048` (one process, one core) and parses it. */
export function runOpensslSpeed(seconds: number): Promise<{ command: string; speed: OpensslSpeed }> {
  const args = ['speed', '-seconds', String(seconds), 'rsa2048'];
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`openssl speed exited with ${code}: ${output.slice(-500)}`));
      try {
        resolve({ command: `openssl ${args.join(' ')}`, speed: parseOpensslSpeed(output) });
      } catch (error) {
        reject(error);
      }
    });
  });
}
