import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

/** A body from fixtures/ (see its README for where each comes from). */
export function fixture(name: string): string {
  return readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
}

/** Parses rendered XML with fast-xml-parser's defaults, failing on anything not well-formed. */
export function wellFormed(xml: string): Record<string, unknown> {
  return new XMLParser({ ignoreAttributes: false, removeNSPrefix: true }).parse(xml, true) as Record<string, unknown>;
}
