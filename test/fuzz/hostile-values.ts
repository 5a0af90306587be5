import fc from 'fast-check';
import { nestedArrays, nestedObjects, RawJson, toJsonText, withKey } from './json-text';

/** A generated value and a few words saying what is hostile about it (shown in the report). */
export interface Labeled<T> {
  label: string;
  value: T;
}

export const labeled = <T>(label: string, arbitrary: fc.Arbitrary<T>): fc.Arbitrary<Labeled<T>> => arbitrary.map((value) => ({ label, value }));

const constant = <T>(label: string, value: T) => labeled(label, fc.constant(value));

const charsIn = (from: number, to: number) => fc.integer({ min: from, max: to }).map((code) => String.fromCharCode(code));
const stringOf = (char: fc.Arbitrary<string>, maxLength = 40) => fc.array(char, { minLength: 1, maxLength }).map((chars) => chars.join(''));

/** Strings that break parsers, regexes, XML writers, log lines and key names. */
export const hostileString: fc.Arbitrary<Labeled<string>> = fc.oneof(
  constant('empty string', ''),
  labeled('whitespace', stringOf(fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2028', '\u3000'), 8)),
  labeled('control characters', stringOf(fc.oneof(charsIn(0, 0x1f), fc.constant('\u007f'), fc.constant('\u0085')))),
  labeled(
    'lone surrogate',
    fc.tuple(fc.string({ maxLength: 8 }), charsIn(0xd800, 0xdfff)).map(([text, half]) => `${text}${half}`),
  ),
  labeled('invisible and bidi characters', stringOf(fc.constantFrom('\ufeff', '\u200b', '\u200d', '\u202e', '\u2066', '\ufffe', '\uffff'), 10)),
  labeled('CRLF injection', fc.constantFrom('a\r\nX-Injected: 1', 'x\r\n\r\nHTTP/1.1 200 OK', '%0d%0aSet-Cookie: a=b')),
  labeled(
    'long string',
    fc.constantFrom(1_000, 16_385, 40_000).map((length) => 'A'.repeat(length)),
  ),
  labeled(
    'long unicode string',
    fc.constantFrom(2_000, 12_000).map((length) => '\u{1F600}\u00e9'.repeat(length / 2)),
  ),
  labeled('random unicode', fc.string({ unit: 'grapheme', maxLength: 60 })),
  labeled('random code points', fc.string({ unit: 'binary', maxLength: 40 })),
  labeled(
    'injection and magic words',
    fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'hasOwnProperty',
      'toString',
      'valueOf',
      'null',
      'undefined',
      'NaN',
      'Infinity',
      '-0',
      '1e999',
      '0x10',
      'true',
      '../../../../etc/passwd',
      '..\\..\\windows\\win.ini',
      '%00',
      '%s%s%n%x',
      '${jndi:ldap://x/a}',
      '{{7*7}}',
      '<script>alert(1)</script>',
      "'; DROP TABLE devices; --",
      '{"$gt":""}',
      '<![CDATA[x]]>',
      ']]>',
      '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
      '&amp;&lt;&#0;&#xD800;',
      '*',
      '?',
      '[',
      '\\',
      '/',
      '%',
      '%%',
      'CON',
      'NUL',
      'COM1',
      '-----BEGIN CERTIFICATE REQUEST-----',
      '{',
      '"',
    ),
  ),
  labeled('number-like string', fc.oneof(fc.double().map(String), fc.bigInt().map(String), fc.constant('9'.repeat(400)))),
);

/** JSON values of the wrong type, extreme size or depth, and objects with prototype-polluting keys. */
export const hostileJson: fc.Arbitrary<Labeled<unknown>> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  {
    weight: 4,
    arbitrary: fc.oneof(
      constant('null', null),
      constant('true', true),
      constant('false', false),
      labeled('integer', fc.constantFrom(0, -1, 1, 255, 65536, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER)),
      labeled('float', fc.double({ noNaN: true, noDefaultInfinity: true })),
      labeled(
        'unrepresentable number',
        fc.constantFrom('1e999', '-1e999', '-0', '1e-999', '0.' + '0'.repeat(300) + '1', '1'.repeat(500)).map((text) => new RawJson(text)),
      ),
      constant('empty array', []),
      constant('empty object', {}),
      labeled('array of strings', fc.array(fc.string(), { maxLength: 5 })),
      labeled(
        'big array',
        fc.constantFrom(1_000, 10_000).map((length) => new RawJson(`[${Array(length).fill('0').join(',')}]`)),
      ),
      labeled(
        'wide object',
        fc.constantFrom(500, 3_000).map((width) => new RawJson(`{${Array.from({ length: width }, (_, i) => `"k${i}":${i}`).join(',')}}`)),
      ),
      labeled(
        'deep arrays',
        fc.constantFrom(64, 1_000, 10_000, 30_000).map((depth) => nestedArrays(depth)),
      ),
      labeled(
        'deep objects',
        fc.constantFrom(64, 1_000, 10_000).map((depth) => nestedObjects(depth)),
      ),
      labeled(
        'deep __proto__ objects',
        fc.constantFrom(32, 2_000).map((depth) => nestedObjects(depth, '__proto__')),
      ),
      constant('__proto__ object', withKey({}, '__proto__', { polluted: true, isAdmin: true })),
      constant('constructor.prototype object', { constructor: { prototype: { polluted: true } } }),
      constant('duplicate keys', new RawJson('{"a":1,"a":{"__proto__":2},"a":[3]}')),
      labeled('random JSON', fc.jsonValue({ maxDepth: 4 })),
    ),
  },
);

const VALID_SHAPE = '{"a":"b","n":[1,2,{"c":null}]}';

/** Bodies that are not JSON, or only nearly: each as bytes, since some are not even UTF-8. */
export function malformedJson(validText: string = VALID_SHAPE): fc.Arbitrary<Labeled<Buffer>> {
  const text = (label: string, arbitrary: fc.Arbitrary<string>) =>
    labeled(
      label,
      arbitrary.map((value) => Buffer.from(value)),
    );
  return fc.oneof(
    text('empty body', fc.constant('')),
    text('whitespace only', fc.constantFrom(' ', '\r\n\r\n', '\t')),
    text(
      'truncated JSON',
      fc.integer({ min: 1, max: Math.max(1, validText.length - 1) }).map((cut) => validText.slice(0, cut)),
    ),
    text(
      'JSON with trailing garbage',
      fc.constantFrom(`${validText},`, `${validText}}`, `${validText}${validText}`, `${validText} // c`, `${validText}\u0000`),
    ),
    text(
      'JSON5 syntax',
      fc.constantFrom(
        "{'a':'b'}",
        '{a:1}',
        '{"a":1,}',
        '[1,2,]',
        '{"a":NaN}',
        '{"a":Infinity}',
        '{"a":undefined}',
        '/* c */{}',
        '{"a":0x10}',
        '{"a":.5}',
        '{"a":+1}',
      ),
    ),
    text('top-level primitive', fc.constantFrom('null', 'true', '0', '-1', '"string"', '1e999')),
    text('unbalanced brackets', fc.constantFrom('{', '}', '[', ']', '[{]', '{"a":[}', '{"a"}', '{"a":}', '{:1}', '"', '"unterminated')),
    text(
      'bad escapes',
      fc.constantFrom('{"a":"\\x41"}', '{"a":"\\u12"}', '{"a":"\\uZZZZ"}', '{"a":"\\"}', '{"a":"\\ud800"}', '{"\\u005f_proto__":{"polluted":1}}'),
    ),
    text('raw control characters in strings', fc.constantFrom('{"a":"\u0000"}', '{"a":"line\nbreak"}', '{"a":"\u001b[31m"}', '{"a\u0007":1}')),
    text(
      'deeply unbalanced',
      fc.constantFrom(1_000, 30_000).map((depth) => '['.repeat(depth)),
    ),
    text(
      'deeply nested',
      fc.constantFrom(5_000, 30_000).map((depth) => nestedArrays(depth).text),
    ),
    text(
      'huge number literal',
      fc.constantFrom(10_000, 50_000).map((digits) => `{"a":${'9'.repeat(digits)}}`),
    ),
    text(
      'huge key',
      fc.constantFrom(30_000, 60_000).map((length) => `{"${'k'.repeat(length)}":1}`),
    ),
    text('random text', fc.string({ maxLength: 200 })),
    labeled(
      'BOM before JSON',
      fc.constantFrom(
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(validText)]),
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(validText, 'utf16le')]),
      ),
    ),
    labeled(
      'invalid UTF-8 in a string',
      fc
        .constantFrom([0xc3, 0x28], [0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82])
        .map((bytes) => Buffer.concat([Buffer.from('{"a":"'), Buffer.from(bytes), Buffer.from('"}')])),
    ),
    labeled(
      'random bytes',
      fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    ),
  );
}

/** XML that attacks parsers (entity expansion, external entities, depth), and SOAP envelopes gone wrong. */
export const hostileXml: fc.Arbitrary<Labeled<string>> = fc.oneof(
  constant(
    'billion laughs',
    '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]><l>&e;&e;&e;&e;&e;&e;&e;&e;</l>',
  ),
  constant(
    'external entity',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd"><!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd">%p;]><x>&e;</x>',
  ),
  labeled(
    'deep elements',
    fc.constantFrom(1_000, 10_000).map((depth) => `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`),
  ),
  labeled(
    'huge attribute',
    fc.constantFrom(20_000, 60_000).map((length) => `<a b="${'x'.repeat(length)}"/>`),
  ),
  constant('unclosed and mismatched tags', '<a><b></a><c attr="1" attr="2"><d'),
  constant('invalid characters', '<?xml version="1.0"?><a>&#0;&#xFFFE;\u0001</a>'),
  constant('wrong declaration', '<?xml version="9.9" encoding="UTF-16"?><a/>'),
  constant(
    'SOAP 1.2 envelope with garbage body',
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header><a:Action s:mustUnderstand="1" xmlns:a="http://www.w3.org/2005/08/addressing">x</a:Action></s:Header><s:Body><x:Unknown xmlns:x="urn:x">]]></x:Unknown></s:Body></s:Envelope>',
  ),
  constant(
    'SOAP envelope with undeclared prefixes',
    '<s:Envelope><s:Body><wst:RequestSecurityToken><wsse:BinarySecurityToken ValueType="x">@@@</wsse:BinarySecurityToken></wst:RequestSecurityToken></s:Body></s:Envelope>',
  ),
  labeled(
    'random XML-ish text',
    fc
      .array(fc.constantFrom('<', '>', '</', '/>', 'a', '="', '"', '&', ';', '<!--', '-->', '<![CDATA[', ']]>', '<?', '?>', ' '), { maxLength: 60 })
      .map((parts) => parts.join('')),
  ),
);

/** JSON text of a labeled hostile value, for the few places a whole body is one value. */
export const hostileJsonBody: fc.Arbitrary<Labeled<Buffer>> = hostileJson.map(({ label, value }) => ({
  label: `whole body is ${label}`,
  value: Buffer.from(toJsonText(value)),
}));
