const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

/** Decodes the first PEM block (optionally only one with the given label) to DER. */
export function pemToDer(pem: string, label?: string): Buffer {
  const match = PEM_BLOCK.exec(pem);
  if (!match || (label !== undefined && match[1] !== label)) {
    throw new Error(label ? `not a PEM ${label}` : 'not a PEM block');
  }
  return Buffer.from(match[2].replace(/\s+/g, ''), 'base64');
}

/** Encodes DER as PEM with 64-character lines. */
export function derToPem(der: Buffer, label: string): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Header and content lengths of the definite-length DER element starting at `offset`. */
export function readDerHeader(der: Buffer, offset: number): { headerLength: number; contentLength: number } {
  if (offset + 2 > der.length || (der[offset] & 0x1f) === 0x1f) throw new Error('unsupported DER tag');
  const first = der[offset + 1];
  let headerLength = 2;
  let contentLength = first;
  if (first & 0x80) {
    const octets = first & 0x7f;
    // indefinite (0) and lengths beyond 4 octets are never valid for a CSR
    if (octets === 0 || octets > 4 || offset + 2 + octets > der.length) throw new Error('bad DER length');
    contentLength = 0;
    for (let i = 0; i < octets; i++) contentLength = contentLength * 256 + der[offset + 2 + i];
    headerLength += octets;
  }
  if (offset + headerLength + contentLength > der.length) throw new Error('truncated DER');
  return { headerLength, contentLength };
}

/** Forge works on binary strings; these convert without copying through hex. */
export const toBinary = (buf: Buffer): string => buf.toString('binary');
export const fromBinary = (bytes: string): Buffer => Buffer.from(bytes, 'binary');
