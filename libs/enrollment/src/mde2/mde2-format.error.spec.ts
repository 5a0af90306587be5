import { MDE2_MAX_XML_BYTES } from './mde2.constants';
import { Mde2FormatError } from './mde2-format.error';
import { parseDiscoverRequest } from './discover.codec';
import { parseGetPoliciesRequest } from './get-policies.codec';
import { parseRequestSecurityToken } from './request-security-token.codec';
import { fixture } from './testing/fixture';

const LAUGHS =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
  '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;">]>' +
  '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><Discover><request><EmailAddress>&lol9;</EmailAddress></request></Discover></s:Body></s:Envelope>';
const XXE =
  '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
  '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><Discover><request><EmailAddress>&xxe;</EmailAddress></request></Discover></s:Body></s:Envelope>';
const DEEP = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</s:Body></s:Envelope>`;
const WIDE = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><Discover>${'<x/>'.repeat(10000)}</Discover></s:Body></s:Envelope>`;
const discover = fixture('win10-discover.xml');

const hostile: Array<[string, string]> = [
  ['a billion laughs', LAUGHS],
  ['an external entity', XXE],
  ['an undeclared entity', discover.replace('demo@pocmdmserver.com', '&xxe;')],
  ['a processing instruction', discover.replace('<s:Header>', '<?xml-stylesheet href="x"?><s:Header>')],
  ['nesting 5000 deep', DEEP],
  ['10000 elements', WIDE],
  ['a body over the limit', discover.replace('<s:Header>', `<s:Header><!--${'x'.repeat(MDE2_MAX_XML_BYTES)}-->`)],
  ['a truncated body', discover.slice(0, discover.length / 2)],
  ['text that is not XML', 'hello, server'],
  ['binary garbage', Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256)).toString('latin1')],
  ['an empty body', ''],
  ['two root elements', `${discover}<extra/>`],
  ['an envelope in another namespace', discover.replace('http://www.w3.org/2003/05/soap-envelope', 'urn:not-soap')],
  ['a character reference XML cannot carry', discover.replace('demo@', 'demo&#0;@')],
];

describe(Mde2FormatError.name, () => {
  it.each(hostile)('is what every server parser throws for %s, quickly', (_, xml) => {
    for (const parse of [parseDiscoverRequest, parseGetPoliciesRequest, parseRequestSecurityToken]) {
      const started = performance.now();
      expect(() => parse(xml)).toThrow(Mde2FormatError);
      expect(performance.now() - started).toBeLessThan(250);
    }
  });

  it('tells a SOAP 1.1 client from its namespace even when the body cannot be read', () => {
    const xml = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>`;
    expect(() => parseDiscoverRequest(xml)).toThrow(expect.objectContaining({ version: '1.1' }));
  });

  it('accepts a larger body when the caller raises the limit', () => {
    const big = discover.replace('<s:Header>', `<s:Header><!--${'x'.repeat(MDE2_MAX_XML_BYTES)}-->`);
    expect(parseDiscoverRequest(big, 2 * MDE2_MAX_XML_BYTES).emailAddress).toBe('demo@pocmdmserver.com');
  });
});
