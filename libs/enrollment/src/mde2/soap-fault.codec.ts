import { Ns, SOAP11_CONTENT_TYPE, SOAP12_CONTENT_TYPE, SOAP_FAULT_ACTION } from './mde2.constants';
import { Mde2Fault, type RenderedFault, type SoapFaultInput } from './mde2.types';
import { child, textAt } from '../xml/safe-xml';
import { leaf, readAnyEnvelope, renderEnvelope, xmlText } from './soap-envelope';

export interface ParsedSoapFault {
  /** Local name of the code: Receiver or Sender (SOAP 1.2), Server or Client (SOAP 1.1). */
  code: string;
  /** Local name of the subcode, e.g. MessageFormat; '' when the fault has none. */
  subcode: string;
  reason: string;
  errorType?: string;
}

// MS-MDE2 2.2.10 puts these two in the `a:` namespace and the others in `s:`.
const ADDRESSING_FAULTS = new Set<Mde2Fault>([Mde2Fault.InternalServiceFault, Mde2Fault.InvalidSecurity]);

/**
 * Renders an MS-MDE2 fault with the HTTP status and content type of its SOAP binding: 1.2 answers 500 for
 * a Receiver fault and 400 for a Sender one; 1.1 answers 500 for both, its faultcode `s:Server.<fault>`
 * (SOAP 1.1's dotted refinement, as it has no subcodes).
 */
export function renderSoapFault(input: SoapFaultInput): RenderedFault {
  const code = input.code ?? 'Receiver';
  const detail =
    input.errorType === undefined
      ? ''
      : `<DeviceEnrollmentServiceError xmlns="${Ns.enrollment}">${leaf('ErrorType', input.errorType)}${leaf('Message', input.reason)}${leaf('TraceId', input.traceId ?? '')}</DeviceEnrollmentServiceError>`;
  const reason = xmlText(input.reason, 'Reason');
  const fault =
    input.version === '1.1'
      ? `<s:Fault><faultcode>s:${code === 'Receiver' ? 'Server' : 'Client'}.${input.fault}</faultcode><faultstring xml:lang="en-US">${reason}</faultstring>${detail && `<detail>${detail}</detail>`}</s:Fault>`
      : `<s:Fault><s:Code><s:Value>s:${code}</s:Value><s:Subcode><s:Value>${ADDRESSING_FAULTS.has(input.fault) ? 'a' : 's'}:${input.fault}</s:Value></s:Subcode></s:Code>` +
        `<s:Reason><s:Text xml:lang="en-US">${reason}</s:Text></s:Reason>${detail && `<s:Detail>${detail}</s:Detail>`}</s:Fault>`;
  const body = renderEnvelope({ version: input.version, action: SOAP_FAULT_ACTION, relatesTo: input.relatesTo, activityId: input.traceId, bodyXml: fault });
  if (input.version === '1.1') return { status: 500, contentType: SOAP11_CONTENT_TYPE, body };
  return { status: code === 'Receiver' ? 500 : 400, contentType: SOAP12_CONTENT_TYPE, body };
}

/** Reads a SOAP 1.1 or 1.2 fault (client side); undefined when the Body holds something else. */
export function parseSoapFault(xml: string): ParsedSoapFault | undefined {
  const message = readAnyEnvelope(xml);
  const fault = message.body;
  if (fault.name !== 'Fault') return undefined;
  const errorType = textAt(child(fault, 'Detail') ?? child(fault, 'detail'), 'DeviceEnrollmentServiceError', 'ErrorType') || undefined;
  if (message.header.version === '1.1') {
    const [code, ...subcode] = localPart(textAt(fault, 'faultcode') ?? '').split('.');
    return { code, subcode: subcode.join('.'), reason: textAt(fault, 'faultstring') ?? '', errorType };
  }
  return {
    code: localPart(textAt(fault, 'Code', 'Value') ?? ''),
    subcode: localPart(textAt(fault, 'Code', 'Subcode', 'Value') ?? ''),
    reason: textAt(fault, 'Reason', 'Text') ?? '',
    errorType,
  };
}

const localPart = (qname: string): string => qname.slice(qname.indexOf(':') + 1);
