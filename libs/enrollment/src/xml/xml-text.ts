import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';

/** A character outside XML 1.0's Char production; in a /u class, lone surrogates are code points outside it. */
export const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // As references they survive the parser's line-end and attribute-value normalisation.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/**
 * Escapes a value for XML text or a quoted attribute; `where` names it in the error raised when it holds a
 * character XML 1.0 cannot carry.
 */
export function escapeXmlText(value: string, where: string): string {
  const bad = NOT_XML_CHAR.exec(value);
  // Validated input cannot hold these, so reaching here is a bug; a silently altered value would be worse.
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw EnrollmentError.permanent(ErrorCode.Internal, `${where} holds U+${code}, which XML 1.0 cannot carry`);
  }
  return value.replace(/[&<>"'\t\n\r]/g, (character) => ESCAPES[character]);
}
