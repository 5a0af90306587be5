import { DeviceCommand } from '@app/enrollment';
import { PolicyCommandBody } from './device-command.dto';

/** What a command asks of the device, before it is given an id, an origin and a time to live. */
export type CommandSpec = Pick<DeviceCommand, 'verb' | 'target' | 'data' | 'format' | 'type'>;

/** The Reboot CSP's RebootNow: an Exec with no data (`Format null`). */
export function rebootCommand(): CommandSpec {
  return { verb: 'Exec', target: './Device/Vendor/MSFT/Reboot/RebootNow', format: 'null', type: 'text/plain', data: '' };
}

/**
 * A Policy CSP setting: `Replace` of `./Device/Vendor/MSFT/Policy/Config/{area}/{policy}`. Most policies
 * are integers (0/1 for Allow*), so a number or a string of digits goes as `int` unless a format is given.
 */
export function policyCommand(body: Pick<PolicyCommandBody, 'area' | 'policy' | 'value' | 'format'>): CommandSpec {
  const data = String(body.value);
  const format = body.format ?? (typeof body.value === 'boolean' ? 'bool' : /^-?\d+$/.test(data) ? 'int' : 'chr');
  return { verb: 'Replace', target: `./Device/Vendor/MSFT/Policy/Config/${body.area}/${body.policy}`, data, format };
}

/**
 * The DMClient CSP's unenrollment: an Exec of `Provider/{ProviderID}/Unenroll` with the provider id as
 * `chr` data (the CSP reference's form; `./Vendor/MSFT/DMClient/Unenroll` is only kept for older clients).
 */
export function unenrollCommand(providerId: string): CommandSpec {
  return { verb: 'Exec', target: `./Vendor/MSFT/DMClient/Provider/${providerId}/Unenroll`, data: providerId, format: 'chr' };
}
