import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

const VERSION = 'v1';

/**
 * Encrypts small secrets at rest (AES-256-GCM). The key is derived from the service's passphrase, so
 * what Redis holds is useless without it; the `purpose` keeps keys for different uses apart.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(passphrase: string, purpose: string) {
    this.key = scryptSync(passphrase, `enrollment-orchestrator:${purpose}`, 32);
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), sealed.toString('base64')].join('.');
  }

  /** Throws when the box was sealed with another key or has been tampered with. */
  open(box: string): string {
    const [version, iv, tag, sealed] = box.split('.');
    if (version !== VERSION || !iv || !tag || !sealed) throw new Error('Not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64')), decipher.final()]).toString('utf8');
  }
}
