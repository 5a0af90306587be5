import { createHash } from 'node:crypto';
import { WINDOWS_10_22H2_BUILD, type WindowsIdentity } from './windows-identity';

/** What a node does when the server Execs it. */
export type DmExecAction = 'reboot' | 'unenroll';

export interface DmNode {
  value?: string;
  /** `Meta/Format` Windows reports the value in (`chr`, `int`, `bool`, ...). */
  format?: string;
  /** Get-only nodes (`./DevInfo`, `./DevDetail`): Add, Replace and Delete are not allowed. */
  readOnly?: boolean;
  exec?: DmExecAction;
}

/** The outcome of a management command on the tree, as Windows' DM client reports it. */
export interface DmTreeAnswer {
  code: string;
  value?: string;
  format?: string;
  exec?: DmExecAction;
}

const REBOOT_NOW = './Device/Vendor/MSFT/Reboot/RebootNow';
const DMCLIENT_UNENROLL = './Device/Vendor/MSFT/DMClient/Unenroll';

/**
 * A Windows 10 device's management tree as far as the simulator plays it: the DevInfo and DevDetail
 * leaves Windows reports, the Reboot and DMClient Unenroll nodes, and whatever the server adds.
 * `./Vendor/MSFT/...` and `./Device/Vendor/MSFT/...` name the same device-scoped node, as on Windows.
 */
export class DmDeviceTree {
  private readonly nodes = new Map<string, DmNode>();

  constructor(entries: ReadonlyArray<[string, DmNode]>) {
    for (const [uri, node] of entries) this.nodes.set(canonical(uri), { ...node });
  }

  /**
   * The tree of a Windows 10 22H2 Pro laptop for this identity; the serial number and model are derived from its DeviceID.
   * With `providerId`, the DMClient node of that enrollment, whose Unenroll the server Execs.
   */
  static forWindows(identity: Pick<WindowsIdentity, 'deviceId' | 'deviceName'>, providerId?: string): DmDeviceTree {
    const digest = createHash('sha256').update(identity.deviceId).digest();
    const serial = [...digest.subarray(0, 7)].map((byte) => SERVICE_TAG_ALPHABET[byte % SERVICE_TAG_ALPHABET.length]).join('');
    const info = (value: string, format = 'chr'): DmNode => ({ value, format, readOnly: true });
    return new DmDeviceTree([
      ['./DevInfo/DevId', info(identity.deviceId)],
      ['./DevInfo/Man', info('Dell Inc.')],
      ['./DevInfo/Mod', info('Latitude 5420')],
      ['./DevInfo/DmV', info('1.3')],
      ['./DevInfo/Lang', info('en-US')],
      ['./DevDetail/DevTyp', info('Latitude 5420')],
      ['./DevDetail/OEM', info('Dell Inc.')],
      ['./DevDetail/FwV', info('1.31.0')],
      ['./DevDetail/SwV', info(WINDOWS_10_22H2_BUILD)],
      ['./DevDetail/HwV', info('1.0')],
      ['./DevDetail/LrgObj', info('true', 'bool')],
      ['./DevDetail/Ext/Microsoft/OSPlatform', info('Windows 10 Pro')],
      ['./DevDetail/Ext/Microsoft/DeviceName', info(identity.deviceName)],
      ['./DevDetail/Ext/Microsoft/SMBIOSSerialNumber', info(serial)],
      ['./DevDetail/Ext/Microsoft/ProcessorArchitecture', info('9', 'int')],
      ['./DevDetail/Ext/Microsoft/TotalRAM', info('16384', 'int')],
      [REBOOT_NOW, { exec: 'reboot', readOnly: true }],
      [DMCLIENT_UNENROLL, { exec: 'unenroll' }],
      ...(providerId ? [[`./Device/Vendor/MSFT/DMClient/Provider/${providerId}/Unenroll`, { exec: 'unenroll' }] as [string, DmNode]] : []),
    ]);
  }

  /** A leaf's value, or an interior node's children joined by `/` in Format node, as Windows answers a Get. */
  get(uri: string): DmTreeAnswer {
    const key = canonical(uri);
    const node = this.nodes.get(key);
    if (node) return node.exec ? { code: '405' } : { code: '200', value: node.value ?? '', format: node.format ?? 'chr' };
    const children = this.childrenOf(key);
    return children.length > 0 ? { code: '200', value: children.join('/'), format: 'node' } : { code: '404' };
  }

  /** Add creates a node that does not exist yet (418 Already exists otherwise). */
  add(uri: string, value: string | undefined, format: string | undefined): DmTreeAnswer {
    const key = canonical(uri);
    if (this.nodes.has(key) || this.childrenOf(key).length > 0) return { code: '418' };
    if (this.readOnlyBranch(key)) return { code: '405' };
    this.nodes.set(key, { value, format });
    return { code: '200' };
  }

  /** Replace sets a node's value, creating it as Policy-style CSPs do. */
  replace(uri: string, value: string | undefined, format: string | undefined): DmTreeAnswer {
    const key = canonical(uri);
    const node = this.nodes.get(key);
    if (node?.readOnly || (!node && this.readOnlyBranch(key))) return { code: '405' };
    if (node?.exec === 'unenroll') return { code: '200', exec: 'unenroll' };
    this.nodes.set(key, { ...node, value, format });
    return { code: '200' };
  }

  /** Delete removes a node and everything under it. */
  delete(uri: string): DmTreeAnswer {
    const key = canonical(uri);
    const under = [...this.nodes.keys()].filter((candidate) => candidate === key || candidate.startsWith(`${key}/`));
    if (under.length === 0) return { code: '404' };
    if (under.some((candidate) => this.nodes.get(candidate)!.readOnly)) return { code: '405' };
    for (const candidate of under) this.nodes.delete(candidate);
    return { code: '200' };
  }

  /** Exec runs an executable node (reboot, unenroll); any other node does not allow it. */
  exec(uri: string): DmTreeAnswer {
    const key = canonical(uri);
    const node = this.nodes.get(key);
    if (node?.exec) return { code: '200', exec: node.exec };
    return node || this.childrenOf(key).length > 0 ? { code: '405' } : { code: '404' };
  }

  private childrenOf(key: string): string[] {
    const prefix = `${key.replace(/\/+$/, '')}/`;
    const names = new Set<string>();
    for (const uri of this.nodes.keys()) if (uri.startsWith(prefix)) names.add(uri.slice(prefix.length).split('/')[0]);
    return [...names];
  }

  private readOnlyBranch(key: string): boolean {
    return key.startsWith('./DevInfo/') || key.startsWith('./DevDetail/');
  }
}

/** Dell service tags: seven of these characters. */
const SERVICE_TAG_ALPHABET = '0123456789BCDFGHJKLMNPQRSTVWXYZ';

function canonical(uri: string): string {
  const trimmed = uri.replace(/\/+$/, '');
  return trimmed.startsWith('./Vendor/MSFT/') ? `./Device${trimmed.slice(1)}` : trimmed;
}
