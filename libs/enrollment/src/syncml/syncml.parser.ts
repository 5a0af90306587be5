import { child, childrenNamed, parseSafeXml, textAt, UnsafeXmlError, type XmlElement } from '../xml/safe-xml';
import { SYNCML_ACCEPTED_NAMESPACES, SYNCML_MAX_ELEMENTS, SYNCML_MAX_XML_BYTES, SYNCML_METINF_NAMESPACE } from './syncml.constants';
import { SyncmlFormatError } from './syncml-format.error';
import {
  SYNCML_ITEM_COMMANDS,
  type SyncmlChal,
  type SyncmlCommand,
  type SyncmlCred,
  type SyncmlHeader,
  type SyncmlItem,
  type SyncmlItemCommandName,
  type SyncmlMessage,
  type SyncmlMeta,
} from './syncml.types';

const DECIMAL = /^[0-9]{1,9}$/;

/** Reads a device's SyncML message, or throws `SyncmlFormatError` naming what is wrong (never a value). */
export function parseSyncml(xml: string): SyncmlMessage {
  let root: XmlElement;
  try {
    root = parseSafeXml(xml, { maxBytes: SYNCML_MAX_XML_BYTES, maxElements: SYNCML_MAX_ELEMENTS });
  } catch (error) {
    if (error instanceof UnsafeXmlError) throw new SyncmlFormatError(error.message);
    throw error;
  }
  if (root.name !== 'SyncML') throw new SyncmlFormatError('The root element is not SyncML');
  const namespace = root.namespace.toLowerCase();
  if (!SYNCML_ACCEPTED_NAMESPACES.includes(namespace)) throw new SyncmlFormatError('The SyncML element is not in the SyncML 1.1 or 1.2 namespace');
  const reader = new MessageReader(namespace);
  const hdr = child(root, 'SyncHdr');
  if (!hdr) throw new SyncmlFormatError('The message has no SyncHdr');
  const body = child(root, 'SyncBody');
  if (!body) throw new SyncmlFormatError('The message has no SyncBody');
  const header = reader.header(hdr);
  const commands: SyncmlCommand[] = [];
  let final = false;
  for (const element of body.children) {
    if (element.name === 'Final') final = true;
    else commands.push(reader.command(element));
  }
  return { header, commands, final };
}

class MessageReader {
  constructor(private readonly namespace: string) {}

  header(hdr: XmlElement): SyncmlHeader {
    const meta = child(hdr, 'Meta');
    const maxMsgSize = meta && this.metaText(meta, 'MaxMsgSize');
    const respUri = textAt(hdr, 'RespURI');
    const cred = child(hdr, 'Cred');
    return {
      verDTD: required(textAt(hdr, 'VerDTD'), 'SyncHdr/VerDTD'),
      verProto: required(textAt(hdr, 'VerProto'), 'SyncHdr/VerProto'),
      sessionId: required(textAt(hdr, 'SessionID'), 'SyncHdr/SessionID'),
      msgId: decimal(textAt(hdr, 'MsgID'), 'SyncHdr/MsgID'),
      target: required(textAt(hdr, 'Target', 'LocURI'), 'SyncHdr/Target/LocURI'),
      source: required(textAt(hdr, 'Source', 'LocURI'), 'SyncHdr/Source/LocURI'),
      ...(cred && { cred: this.cred(cred) }),
      ...(maxMsgSize !== undefined && { maxMsgSize: decimal(maxMsgSize, 'SyncHdr/Meta/MaxMsgSize') }),
      ...(respUri && { respUri }),
    };
  }

  command(element: XmlElement): SyncmlCommand {
    const { name } = element;
    const cmdId = decimal(textAt(element, 'CmdID'), `${name}/CmdID`);
    if (name === 'Alert') return { kind: 'Alert', cmdId, data: required(textAt(element, 'Data'), 'Alert/Data'), items: this.items(element) };
    if (name === 'Status') {
      const chal = child(element, 'Chal');
      const targetRef = childrenNamed(element, 'TargetRef').map((ref) => ref.text.trim());
      const sourceRef = childrenNamed(element, 'SourceRef').map((ref) => ref.text.trim());
      return {
        kind: 'Status',
        cmdId,
        msgRef: decimal(textAt(element, 'MsgRef'), 'Status/MsgRef'),
        cmdRef: decimal(textAt(element, 'CmdRef'), 'Status/CmdRef'),
        cmd: required(textAt(element, 'Cmd'), 'Status/Cmd'),
        data: required(textAt(element, 'Data'), 'Status/Data'),
        ...(targetRef.length > 0 && { targetRef }),
        ...(sourceRef.length > 0 && { sourceRef }),
        ...(chal && { chal: this.chal(chal) }),
      };
    }
    if (name === 'Results') {
      const msgRef = textAt(element, 'MsgRef');
      return {
        kind: 'Results',
        cmdId,
        ...(msgRef !== undefined && { msgRef: decimal(msgRef, 'Results/MsgRef') }),
        cmdRef: decimal(textAt(element, 'CmdRef'), 'Results/CmdRef'),
        items: this.items(element),
      };
    }
    if ((SYNCML_ITEM_COMMANDS as readonly string[]).includes(name)) return { kind: name as SyncmlItemCommandName, cmdId, items: this.items(element) };
    return { kind: 'Unknown', name, cmdId };
  }

  private items(command: XmlElement): SyncmlItem[] {
    return childrenNamed(command, 'Item').map((item) => {
      const source = textAt(item, 'Source', 'LocURI');
      const target = textAt(item, 'Target', 'LocURI');
      const meta = child(item, 'Meta');
      const data = child(item, 'Data');
      return {
        ...(source !== undefined && { source }),
        ...(target !== undefined && { target }),
        ...(meta && { meta: this.meta(meta) }),
        ...(data && { data: this.data(data) }),
      };
    });
  }

  private meta(meta: XmlElement): SyncmlMeta {
    const format = this.metaText(meta, 'Format');
    const type = this.metaText(meta, 'Type');
    return { ...(format !== undefined && { format }), ...(type !== undefined && { type }) };
  }

  private cred(cred: XmlElement): SyncmlCred {
    const meta = child(cred, 'Meta');
    const { format, type } = meta ? this.meta(meta) : {};
    return {
      ...(format !== undefined && { format }),
      type: required(type, 'Cred/Meta/Type'),
      data: required(textAt(cred, 'Data'), 'Cred/Data'),
    };
  }

  private chal(chal: XmlElement): SyncmlChal {
    const meta = child(chal, 'Meta');
    if (!meta) return {};
    const nextNonce = this.metaText(meta, 'NextNonce');
    return { ...this.meta(meta), ...(nextNonce !== undefined && { nextNonce }) };
  }

  /** A `Meta` child: in `syncml:metinf` as the DTD has it, or unqualified / in SyncML's namespace as some senders write it. */
  private metaText(meta: XmlElement, name: string): string | undefined {
    const found = childrenNamed(meta, name).find((candidate) => this.isMetinf(candidate.namespace));
    return found?.text.trim();
  }

  private isMetinf(namespace: string): boolean {
    const lower = namespace.toLowerCase();
    return lower === SYNCML_METINF_NAMESPACE || lower === '' || lower === this.namespace;
  }

  private data(data: XmlElement): string {
    // XML a device sends with Format xml arrives escaped or in CDATA; markup inside Data is not SyncML.
    if (data.children.length > 0) throw new SyncmlFormatError('An Item Data holds elements; XML in Data must be escaped');
    return data.text;
  }
}

function required(value: string | undefined, path: string): string {
  if (value === undefined || value === '') throw new SyncmlFormatError(`${path} is missing or empty`);
  return value;
}

function decimal(value: string | undefined, path: string): number {
  if (!DECIMAL.test(required(value, path))) throw new SyncmlFormatError(`${path} is not a decimal number`);
  return Number(value);
}
