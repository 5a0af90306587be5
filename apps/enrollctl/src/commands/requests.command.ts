import { Command } from 'commander';
import { contextOf } from '../command-context';
import { formatTime, keyValues, prettyJson, table } from '../output';

interface ErrorInfo {
  code: string;
  message: string;
}

export interface RequestView {
  requestId: string;
  flow: string;
  status: string;
  createdAt: string;
  finishedAt?: string;
  subject: Record<string, string>;
  steps: Array<{ name: string; status: string; attempts: number; error?: ErrorInfo }>;
  error?: ErrorInfo;
  device?: {
    id: string;
    displayName: string;
    trustType: string;
    status: string;
    userPrincipalName?: string;
    serialNumber?: string;
    sccm?: Record<string, string | number>;
  };
  certificate?: { serialNumber: string; thumbprint: string; notAfter: string; status: string };
  mdmEnrollment?: { enrollmentType: string; userless: boolean; conditionalAccessEligible: boolean };
}

export function requestsCommand(): Command {
  const requests = new Command('requests').description('enrollment and join requests');

  requests
    .command('show')
    .description('status, steps with attempts and errors, device and certificate of a request')
    .argument('<id>', 'request id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { client, output } = contextOf(command);
      const request = await client.json<RequestView>('GET', `/v1/requests/${encodeURIComponent(id)}`);
      output.out(output.json ? prettyJson(request) : requestText(request));
    });

  return requests;
}

export function requestText(request: RequestView): string {
  const { device, certificate, mdmEnrollment } = request;
  const sections = [
    keyValues([
      ['request', request.requestId],
      ['flow', request.flow],
      ['status', request.status],
      ['error', request.error && `${request.error.code}: ${request.error.message}`],
      ['created', formatTime(request.createdAt)],
      ['finished', formatTime(request.finishedAt)],
    ]),
    table(
      ['STEP', 'STATUS', 'ATTEMPTS', 'ERROR'],
      request.steps.map((step) => [step.name, step.status, step.attempts, step.error ? `${step.error.code}: ${step.error.message}` : '']),
    ),
  ];
  if (device || certificate) {
    sections.push(
      keyValues([
        ['device', device && `${device.id} ${device.displayName} (${device.trustType}, ${device.status})`],
        ['user', device?.userPrincipalName],
        ['serial number', device?.serialNumber],
        ['sccm', device?.sccm && sccmText(device.sccm)],
        ['mdm', mdmEnrollment && `${mdmEnrollment.enrollmentType}${mdmEnrollment.userless ? ', userless' : ''}`],
        ['certificate', certificate && `${certificate.serialNumber} (${certificate.status})`],
        ['thumbprint', certificate?.thumbprint],
        ['not after', certificate && formatTime(certificate.notAfter)],
      ]),
    );
  }
  return sections.join('\n\n');
}

const SCCM_ORDER = ['resourceId', 'smbiosGuid', 'serialNumber', 'name', 'adSite'];

/** Configuration Manager's ids in one order, whatever order the store kept them in. */
function sccmText(sccm: Record<string, string | number>): string {
  const rank = (name: string) => (SCCM_ORDER.includes(name) ? SCCM_ORDER.indexOf(name) : SCCM_ORDER.length);
  return Object.entries(sccm)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
}
