import { parseSafeXml, UnsafeXmlError } from './safe-xml';

const read = (xml: string) => parseSafeXml(xml, { maxBytes: 64 * 1024 });

describe(parseSafeXml.name, () => {
  it.each([
    ['the five predefined entities', '<a>&lt;&gt;&amp;&quot;&apos;</a>', `<>&"'`],
    ['decimal and hex character references', '<a>&#65;&#x42;&#x1F600;</a>', 'AB😀'],
    ['CDATA as it is', '<a><![CDATA[&amp;<b>]]></a>', '&amp;<b>'],
    ['a byte-order mark and the XML declaration', '\uFEFF<?xml version="1.0" encoding="utf-8"?><a>x</a>', 'x'],
  ])('decodes %s', (_, xml, text) => {
    expect(read(xml).text).toBe(text);
  });

  it('resolves namespaces by scope, with or without a trailing slash', () => {
    const sut = read('<p:a xmlns:p="urn:x/"><b xmlns="urn:y"><p:c/></b></p:a>');
    expect(sut.namespace).toBe('urn:x');
    expect(sut.children[0].namespace).toBe('urn:y');
    expect(sut.children[0].children[0].namespace).toBe('urn:x');
  });

  it.each([
    ['an end tag that does not match', '<a><b></a></b>'],
    ['an element left open', '<a><b></b>'],
    ['an unquoted attribute', '<a b=1/>'],
    ['an attribute given twice', '<a b="1" b="2"/>'],
    ['< inside an attribute value', '<a b="<"/>'],
    ['attributes run together', '<a b="1"c="2"/>'],
    ['a bare ampersand', '<a>fish & chips</a>'],
    ['an entity reference without its semicolon', '<a>&amp</a>'],
    ['text after the root', '<a/>tail'],
    ['a second root', '<a/><b/>'],
    ['CDATA outside the root', '<![CDATA[x]]><a/>'],
    [']]> in text', '<a>]]></a>'],
    ['a name that starts with a digit', '<1a/>'],
    ['an XML declaration that is not first', ' <?xml version="1.0"?><a/>'],
  ])('refuses %s', (_, xml) => {
    expect(() => read(xml)).toThrow(UnsafeXmlError);
  });

  it('keeps attributes by local name, drops namespace declarations, and reads comments as nothing', () => {
    const sut = read(`<a xmlns:q="urn:q" q:b='1 > 0' c = "x&amp;y"><!-- note --><d/>t<!--x-->u</a>`);
    expect(sut.attributes).toEqual({ b: '1 > 0', c: 'x&y' });
    expect(sut.children.map((element) => element.name)).toEqual(['d']);
    expect(sut.text).toBe('tu');
  });

  it('refuses a body over the byte limit it is given, counting UTF-8 bytes', () => {
    const xml = `<a>${'é'.repeat(600)}</a>`;
    expect(parseSafeXml(xml, { maxBytes: 1300 }).text).toHaveLength(600);
    expect(() => parseSafeXml(xml, { maxBytes: 1000 })).toThrow('The body is larger than 1000 bytes');
  });
});
