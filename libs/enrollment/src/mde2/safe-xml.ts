import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MDE2_MAX_XML_BYTES } from './mde2.constants';

/** An element with its namespace resolved; the codecs match local names and ignore prefixes. */
export interface XmlElement {
  name: string;
  /** The namespace URI in scope for the element's prefix, without a trailing `/`; '' when none. */
  namespace: string;
  /** Attributes by local name (prefixes and `xmlns` declarations dropped), entities decoded. */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (text and CDATA, entities decoded), untrimmed. */
  text: string;
}

export interface SafeXmlLimits {
  maxBytes?: number;
  maxDepth?: number;
  maxElements?: number;
}

/** Why a document was refused; the codecs wrap it in their own error. Never holds document content. */
export class UnsafeXmlError extends Error {
  override readonly name = 'UnsafeXmlError';
}

const DEFAULT_MAX_DEPTH = 64;
const DEFAULT_MAX_ELEMENTS = 4096;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

// Entities, DOCTYPE and processing instructions are refused before parsing, and the parser's own entity
// handling is off: the five predefined entities and character references are decoded below, nothing else.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
});

/**
 * Parses an untrusted document into its root element, or throws `UnsafeXmlError`: no DOCTYPE or entity
 * declarations, no processing instruction but the XML declaration, bounded size, depth and element count.
 */
export function parseSafeXml(xml: string, limits: SafeXmlLimits = {}): XmlElement {
  const maxBytes = limits.maxBytes ?? MDE2_MAX_XML_BYTES;
  if (typeof xml !== 'string') throw new UnsafeXmlError('The body is not text');
  // Characters are at most 3 UTF-8 bytes (4 for a surrogate pair), so most bodies need no byte count.
  if (xml.length > maxBytes || (xml.length * 3 > maxBytes && Buffer.byteLength(xml, 'utf8') > maxBytes)) {
    throw new UnsafeXmlError(`The body is larger than ${maxBytes} bytes`);
  }
  const text = xml.replace(/^\uFEFF/, '');
  if (NOT_XML_CHAR.test(text)) throw new UnsafeXmlError('The body holds characters that XML cannot carry');
  scan(text, limits.maxDepth ?? DEFAULT_MAX_DEPTH, limits.maxElements ?? DEFAULT_MAX_ELEMENTS);
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new UnsafeXmlError(`The body is not well-formed XML (${valid.err.code} at line ${valid.err.line}, column ${valid.err.col})`);
  const roots = toElements(parser.parse(text) as OrderedNode[], new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
  if (roots.elements.length !== 1 || roots.text.trim() !== '') throw new UnsafeXmlError('The body does not have exactly one root element');
  return roots.elements[0];
}

/**
 * One pass over the markup, before any parser sees it: refuses declarations and processing instructions,
 * counts elements and nesting so that a hostile document is refused in linear time.
 */
function scan(xml: string, maxDepth: number, maxElements: number): void {
  let depth = 0;
  let elements = 0;
  let at = xml.indexOf('<');
  while (at !== -1) {
    if (xml.startsWith('<!--', at)) at = endOf(xml, '-->', at + 4, 'comment');
    else if (xml.startsWith('<![CDATA[', at)) at = endOf(xml, ']]>', at + 9, 'CDATA section');
    else if (xml.startsWith('<!', at)) throw new UnsafeXmlError('Document type and entity declarations are not accepted');
    else if (xml.startsWith('<?', at)) {
      if (at !== 0 || !/^<\?xml[\s?]/.test(xml)) throw new UnsafeXmlError('Processing instructions are not accepted');
      at = endOf(xml, '?>', at + 2, 'XML declaration');
    } else if (xml.startsWith('</', at)) {
      depth -= 1;
      at = endOf(xml, '>', at + 2, 'end tag');
    } else {
      const end = tagEnd(xml, at + 1);
      elements += 1;
      if (xml[end - 1] !== '/') depth += 1;
      if (depth > maxDepth) throw new UnsafeXmlError(`Elements are nested deeper than ${maxDepth}`);
      if (elements > maxElements) throw new UnsafeXmlError(`The body has more than ${maxElements} elements`);
      at = end + 1;
    }
    at = xml.indexOf('<', at);
  }
}

function endOf(xml: string, terminator: string, from: number, what: string): number {
  const end = xml.indexOf(terminator, from);
  if (end === -1) throw new UnsafeXmlError(`The body ends inside a ${what}`);
  return end + terminator.length;
}

// The `>` closing a start tag, skipping quoted attribute values (which may hold `>`).
function tagEnd(xml: string, from: number): number {
  let quote = '';
  for (let i = from; i < xml.length; i += 1) {
    const c = xml[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  throw new UnsafeXmlError('The body ends inside a start tag');
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function toElements(nodes: OrderedNode[], scope: Map<string, string>): { elements: XmlElement[]; text: string } {
  const elements: XmlElement[] = [];
  let text = '';
  for (const node of nodes) {
    if ('#text' in node) text += decodeEntities(String(node['#text']));
    else if ('#cdata' in node) text += (node['#cdata'] as OrderedNode[]).map((part) => String(part['#text'] ?? '')).join('');
    else {
      const qname = Object.keys(node).find((key) => key !== ':@');
      if (qname !== undefined) elements.push(toElement(qname, node[qname] as OrderedNode[], node[':@'] ?? {}, scope));
    }
  }
  return { elements, text };
}

function toElement(qname: string, content: OrderedNode[], rawAttributes: Record<string, string>, outer: Map<string, string>): XmlElement {
  const scope = new Map(outer);
  const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, raw] of Object.entries(rawAttributes)) {
    const value = decodeEntities(String(raw));
    if (name === 'xmlns') scope.set('', normalizeNamespace(value));
    else if (name.startsWith('xmlns:')) scope.set(name.slice(6), normalizeNamespace(value));
    else attributes[localName(name)] = value;
  }
  const colon = qname.indexOf(':');
  const prefix = colon === -1 ? '' : qname.slice(0, colon);
  const inner = toElements(content, scope);
  return { name: localName(qname), namespace: scope.get(prefix) ?? '', attributes, children: inner.elements, text: inner.text };
}

const localName = (qname: string): string => qname.slice(qname.indexOf(':') + 1);

/** Namespace URIs compared leniently: Windows' examples write some with a trailing `/`, some without. */
export const normalizeNamespace = (uri: string): string => uri.trim().replace(/\/+$/, '');

function decodeEntities(raw: string): string {
  return raw.replace(/&([^;&\s]{0,16});?/g, (match, ref: string) => {
    if (!match.endsWith(';')) throw new UnsafeXmlError('The body holds an unterminated entity reference');
    if (ref in PREDEFINED) return PREDEFINED[ref];
    const numeric = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(ref);
    if (!numeric) throw new UnsafeXmlError('The body refers to an entity other than the predefined five');
    const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2], 10);
    const character = code <= 0x10ffff ? String.fromCodePoint(code) : '';
    if (character === '' || NOT_XML_CHAR.test(character)) throw new UnsafeXmlError('The body holds a character reference XML cannot carry');
    return character;
  });
}

/** The first child with this local name. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((candidate) => candidate.name === name);
}

/** Every child with this local name, in document order. */
export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((candidate) => candidate.name === name) ?? [];
}

/** The trimmed text of the element at this path of local names, or undefined when any step is missing. */
export function textAt(element: XmlElement | undefined, ...path: string[]): string | undefined {
  let at = element;
  for (const name of path) at = child(at, name);
  return at?.text.trim();
}
