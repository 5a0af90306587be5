import { NOT_XML_CHAR } from './xml-text';

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
  /** Each protocol bounds its own bodies: the largest it reads, in UTF-8 bytes. */
  maxBytes: number;
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

/**
 * Parses an untrusted document into its root element, or throws `UnsafeXmlError`: no DOCTYPE or entity
 * declarations, no processing instruction but the XML declaration, bounded size, depth and element count,
 * and well formed (names, quoted attributes, matching end tags, one root). One pass, written for these
 * few shapes rather than a general parser: there is nothing to turn off, so nothing can be left on.
 */
export function parseSafeXml(xml: string, limits: SafeXmlLimits): XmlElement {
  const { maxBytes } = limits;
  if (typeof xml !== 'string') throw new UnsafeXmlError('The body is not text');
  // Characters are at most 3 UTF-8 bytes (4 for a surrogate pair), so most bodies need no byte count.
  if (xml.length > maxBytes || (xml.length * 3 > maxBytes && Buffer.byteLength(xml, 'utf8') > maxBytes)) {
    throw new UnsafeXmlError(`The body is larger than ${maxBytes} bytes`);
  }
  const text = xml.replace(/^\uFEFF/, '');
  if (NOT_XML_CHAR.test(text)) throw new UnsafeXmlError('The body holds characters that XML cannot carry');
  return new Reader(text, limits.maxDepth ?? DEFAULT_MAX_DEPTH, limits.maxElements ?? DEFAULT_MAX_ELEMENTS).document();
}

// XML names; letters beyond ASCII are allowed, as the specification allows them.
const NAME = /[\p{L}_:][\p{L}\p{N}_.:\u00B7-]*/uy;
const SPACE = /[ \t\r\n]*/y;

interface Open {
  qname: string;
  element: XmlElement;
  scope: Map<string, string>;
}

class Reader {
  private at = 0;
  private elements = 0;
  private readonly open: Open[] = [];
  private root?: XmlElement;

  constructor(
    private readonly xml: string,
    private readonly maxDepth: number,
    private readonly maxElements: number,
  ) {}

  document(): XmlElement {
    const { xml } = this;
    if (/^<\?xml[\s?]/.test(xml)) this.at = this.endOf('?>', 2, 'XML declaration');
    while (this.at < xml.length) {
      const lt = xml.indexOf('<', this.at);
      this.characters(xml.slice(this.at, lt === -1 ? xml.length : lt));
      if (lt === -1) break;
      this.at = lt;
      if (xml.startsWith('<!--', lt)) this.at = this.endOf('-->', 4, 'comment');
      else if (xml.startsWith('<![CDATA[', lt)) {
        const end = this.endOf(']]>', 9, 'CDATA section');
        this.textOf('CDATA section', xml.slice(lt + 9, end - 3));
        this.at = end;
      } else if (xml.startsWith('<!', lt)) throw new UnsafeXmlError('Document type and entity declarations are not accepted');
      else if (xml.startsWith('<?', lt)) throw new UnsafeXmlError('Processing instructions are not accepted');
      else if (xml.startsWith('</', lt)) this.endTag();
      else this.startTag();
    }
    if (this.open.length > 0) throw new UnsafeXmlError('The body ends inside an element');
    if (!this.root) throw new UnsafeXmlError('The body does not have exactly one root element');
    return this.root;
  }

  private characters(raw: string): void {
    if (raw === '') return;
    if (this.open.length === 0) {
      if (raw.trim() !== '') throw new UnsafeXmlError('The body does not have exactly one root element');
      return;
    }
    if (raw.includes(']]>')) throw new UnsafeXmlError('The body is not well-formed XML (]]> in text)');
    this.textOf('text', decodeEntities(raw));
  }

  private textOf(what: string, value: string): void {
    const top = this.open.at(-1);
    if (!top) throw new UnsafeXmlError(`The body has a ${what} outside its root element`);
    top.element.text += value;
  }

  private startTag(): void {
    if (this.root && this.open.length === 0) throw new UnsafeXmlError('The body does not have exactly one root element');
    this.at += 1;
    const qname = this.name('element');
    const raw: Array<[string, string]> = [];
    for (;;) {
      const spaced = this.space();
      const c = this.xml[this.at];
      if (c === '>' || (c === '/' && this.xml[this.at + 1] === '>')) break;
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an index into a string may be absent (the tsconfig has no noUncheckedIndexedAccess)
      if (c === undefined) throw new UnsafeXmlError('The body ends inside a start tag');
      if (!spaced) throw new UnsafeXmlError(`The body is not well-formed XML (no space before an attribute of ${qname})`);
      const name = this.name('attribute');
      this.space();
      if (this.xml[this.at] !== '=') throw new UnsafeXmlError(`The body is not well-formed XML (attribute ${name} has no value)`);
      this.at += 1;
      this.space();
      const quote = this.xml[this.at];
      if (quote !== '"' && quote !== "'") throw new UnsafeXmlError(`The body is not well-formed XML (attribute ${name} is not quoted)`);
      const end = this.xml.indexOf(quote, this.at + 1);
      if (end === -1) throw new UnsafeXmlError('The body ends inside a start tag');
      const value = this.xml.slice(this.at + 1, end);
      if (value.includes('<')) throw new UnsafeXmlError(`The body is not well-formed XML (< in attribute ${name})`);
      if (raw.some(([seen]) => seen === name)) throw new UnsafeXmlError(`The body is not well-formed XML (attribute ${name} twice)`);
      raw.push([name, decodeEntities(value)]);
      this.at = end + 1;
    }
    const empty = this.xml[this.at] === '/';
    this.at += empty ? 2 : 1;
    if (++this.elements > this.maxElements) throw new UnsafeXmlError(`The body has more than ${this.maxElements} elements`);
    const opened = this.element(qname, raw);
    if (this.open.length === 0) this.root = opened.element;
    else this.open.at(-1)!.element.children.push(opened.element);
    if (empty) return;
    this.open.push(opened);
    if (this.open.length > this.maxDepth) throw new UnsafeXmlError(`Elements are nested deeper than ${this.maxDepth}`);
  }

  private endTag(): void {
    this.at += 2;
    const qname = this.name('end tag');
    this.space();
    if (this.xml[this.at] !== '>') throw new UnsafeXmlError(`The body is not well-formed XML (end tag ${qname} is not closed)`);
    this.at += 1;
    const top = this.open.pop();
    if (top?.qname !== qname) throw new UnsafeXmlError(`The body is not well-formed XML (end tag ${qname} does not match)`);
  }

  private element(qname: string, raw: Array<[string, string]>): Open {
    const outer = this.open.at(-1)?.scope ?? ROOT_SCOPE;
    let scope = outer;
    const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [name, value] of raw) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (scope === outer) scope = new Map(outer);
        scope.set(name === 'xmlns' ? '' : name.slice(6), normalizeNamespace(value));
      } else attributes[localName(name)] = value;
    }
    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? '' : qname.slice(0, colon);
    return { qname, scope, element: { name: localName(qname), namespace: scope.get(prefix) ?? '', attributes, children: [], text: '' } };
  }

  private name(what: string): string {
    NAME.lastIndex = this.at;
    const match = NAME.exec(this.xml);
    if (!match) throw new UnsafeXmlError(`The body is not well-formed XML (a bad ${what} name)`);
    this.at = NAME.lastIndex;
    return match[0];
  }

  /** Skips white space; whether there was any. */
  private space(): boolean {
    SPACE.lastIndex = this.at;
    SPACE.exec(this.xml);
    const moved = SPACE.lastIndex > this.at;
    this.at = SPACE.lastIndex;
    return moved;
  }

  private endOf(terminator: string, skip: number, what: string): number {
    const end = this.xml.indexOf(terminator, this.at + skip);
    if (end === -1) throw new UnsafeXmlError(`The body ends inside a ${what}`);
    return end + terminator.length;
  }
}

const ROOT_SCOPE = new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]);

const localName = (qname: string): string => qname.slice(qname.indexOf(':') + 1);

/** Namespace URIs compared leniently: Windows' examples write some with a trailing `/`, some without. */
export const normalizeNamespace = (uri: string): string => uri.trim().replace(/\/+$/, '');

function decodeEntities(raw: string): string {
  return raw.replace(/&([^;&\s]{0,16});?/g, (match, ref: string) => {
    if (!match.endsWith(';')) throw new UnsafeXmlError('The body holds an unterminated entity reference');
    if (ref in PREDEFINED) return PREDEFINED[ref];
    const numeric = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(ref);
    if (!numeric) throw new UnsafeXmlError('The body refers to an entity other than the predefined five');
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- exec() gives undefined for a group that did not take part
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
