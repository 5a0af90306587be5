import { Command, Option } from 'commander';
import { CliError, ExitCode } from '../cli-error';
import { CommandContext, contextOf } from '../command-context';
import { formatDuration, parseTimeout } from '../duration';
import { waitForRequest } from '../requests/request-wait';
import { formatTime, keyValues, prettyJson, sccmText, table } from '../output';

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

  requests
    .command('wait')
    .description('wait until a request has succeeded or failed, then show it as `requests show` does')
    .argument('<id>', 'request id')
    .addOption(timeoutOption())
    .addHelpText(
      'after',
      `
Exit status: 0 succeeded, ${ExitCode.RequestFailed} failed, ${ExitCode.TimedOut} still queued or running at the timeout,
1 error (unknown request, API unreachable).`,
    )
    .action(async (id: string, options: { timeout: number }, command: Command) => {
      await waitRequest(contextOf(command), id, { timeoutMs: options.timeout });
    });

  return requests;
}

/** `--timeout` of `requests wait` and `devices revoke`: five minutes unless told otherwise. */
export function timeoutOption(): Option {
  const defaultMs = 5 * 60_000;
  return new Option('--timeout <duration>', 'give up waiting after this long: 30s, 5m, 1h')
    .argParser(parseTimeout)
    .default(defaultMs, formatDuration(defaultMs));
}

/** Waits for the request and prints it; a failed request is a CliError with exit status 3. */
export async function waitRequest(
  context: CommandContext,
  id: string,
  options: { timeoutMs: number; sleep?: (ms: number) => Promise<void> },
): Promise<RequestView> {
  const { client, output } = context;
  const request = await waitForRequest<RequestView>(client, id, {
    ...options,
    onWaiting: (status) => output.err(`waiting for request ${id} (${status})…`),
  });
  output.out(output.json ? prettyJson(request) : requestText(request));
  if (request.status === 'failed') throw requestFailure(request);
  return request;
}

/** `request <id> failed: CODE: message`, with the exit status of a failed request. */
export function requestFailure(request: RequestView): CliError {
  const error = request.error ? `: ${request.error.code}: ${request.error.message}` : '';
  return new CliError(`request ${request.requestId} failed${error}`, ExitCode.RequestFailed);
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
