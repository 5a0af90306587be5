import { escapeXmlText } from '../xml/xml-text';

const ENTITIES_NS = 'http://schemas.datacontract.org/2004/07/Microsoft.DeviceRegistration.Entities';
const INSTANCE_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const ARRAYS_NS = 'http://schemas.microsoft.com/2003/10/Serialization/Arrays';

/**
 * The discovery document (as renderDiscovery makes it) in MS-DVRD's XML form, which the specification
 * answers when the client sends no Accept header: members become elements, null `i:nil`, lists of URIs
 * `a:anyURI` items.
 */
export function renderDiscoveryXml(document: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="utf-8"?><Discovery xmlns="${ENTITIES_NS}" xmlns:i="${INSTANCE_NS}">${members(document)}</Discovery>`;
}

function members(object: Record<string, unknown>): string {
  return Object.entries(object)
    .map(([name, value]) => element(name, value))
    .join('');
}

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name} i:nil="true"/>`;
  if (Array.isArray(value)) {
    const items = value.map((item) => `<a:anyURI>${escapeXmlText(String(item), name)}</a:anyURI>`).join('');
    return `<${name} xmlns:a="${ARRAYS_NS}">${items}</${name}>`;
  }
  if (typeof value === 'object') return `<${name}>${members(value as Record<string, unknown>)}</${name}>`;
  return `<${name}>${escapeXmlText(typeof value === 'string' ? value : JSON.stringify(value), name)}</${name}>`;
}
