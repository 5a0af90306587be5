import { Ns, PASSWORD_TEXT_TYPE } from './mde2.constants';
import type { UsernameCredentials } from './mde2.types';
import { xmlText } from './soap-envelope';

export interface SecuredRequestInput {
  messageId: string;
  to: string;
  action: string;
  credentials: UsernameCredentials;
  /** The rendered `s:Body` element. */
  body: string;
}

// Windows sends this constant u:Id (as it sends the specification's constant MessageIDs).
const TOKEN_ID = 'uuid-cc1ccc1f-2fba-4bcf-b063-ffc0cac77917-4';

/**
 * Renders a client request the way Windows' enrollment client does for MS-XCEP and MS-WSTEP: every
 * prefix declared on the envelope, `ReplyTo` anonymous, and a PasswordText UsernameToken.
 */
export function renderSecuredRequest(input: SecuredRequestInput): string {
  return (
    `<s:Envelope xmlns:s="${Ns.soap12}" xmlns:a="${Ns.addressing}" xmlns:u="${Ns.wsu}" xmlns:wsse="${Ns.wsse}" xmlns:wst="${Ns.wsTrust}" xmlns:ac="${Ns.authorization}">` +
    `<s:Header>` +
    `<a:Action s:mustUnderstand="1">${xmlText(input.action, 'Action')}</a:Action>` +
    `<a:MessageID>${xmlText(input.messageId, 'MessageID')}</a:MessageID>` +
    `<a:ReplyTo><a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address></a:ReplyTo>` +
    `<a:To s:mustUnderstand="1">${xmlText(input.to, 'To')}</a:To>` +
    `<wsse:Security s:mustUnderstand="1"><wsse:UsernameToken u:Id="${TOKEN_ID}">` +
    `<wsse:Username>${xmlText(input.credentials.username, 'Username')}</wsse:Username>` +
    `<wsse:Password wsse:Type="${PASSWORD_TEXT_TYPE}">${xmlText(input.credentials.password, 'Password')}</wsse:Password>` +
    `</wsse:UsernameToken></wsse:Security>` +
    `</s:Header>` +
    input.body +
    `</s:Envelope>`
  );
}
