import { type CertificateReader, type Presented, readCertificate } from './presented-certificate';

/**
 * Remembers the certificates it read, by their text: a device presents the same certificate at every
 * message of every session, and parsing it is most of what authenticating costs. Bounded: past `size`
 * entries the oldest are forgotten. What is remembered is only the parse, never a decision about it.
 */
export class CertificateCache {
  private readonly read = new Map<string, Presented>();

  constructor(private readonly size = 4096) {}

  readonly reader: CertificateReader = (source) => {
    const key = typeof source === 'string' ? source : source.toString('base64');
    const known = this.read.get(key);
    if (known) return known;
    const presented = readCertificate(source);
    if (this.read.size >= this.size) this.read.delete(this.read.keys().next().value!);
    this.read.set(key, presented);
    return presented;
  };
}
