import { EnrollmentError } from '../errors/enrollment-error';
import { ErrorCode } from '../errors/error-code';
import { escapeXmlText } from '../xml/xml-text';
import { SYNCML_METINF_NAMESPACE, SYNCML_NAMESPACE, SYNCML_VER_DTD, SYNCML_VER_PROTO } from './syncml.constants';
import type { SyncmlChal, SyncmlCommand, SyncmlCred, SyncmlHeader, SyncmlItem, SyncmlMessage, SyncmlMeta } from './syncml.types';

/** Renders the server's message: SyncML 1.2, DM/1.2, every value escaped, commands in the given order. */
export function renderSyncml(message: SyncmlMessage): string {
  return renderOpening(message.header) + message.commands.map(renderCommand).join('') + renderClosing(message.final);
}

/** The message up to and including `<SyncBody>`; with the commands and the closing it makes `renderSyncml`'s output. */
export function renderOpening(header: SyncmlHeader): string {
  const meta = header.maxMsgSize === undefined ? '' : `<Meta><MaxMsgSize xmlns="${SYNCML_METINF_NAMESPACE}">${header.maxMsgSize}</MaxMsgSize></Meta>`;
  return (
    `<SyncML xmlns="${SYNCML_NAMESPACE}"><SyncHdr>` +
    `<VerDTD>${SYNCML_VER_DTD}</VerDTD><VerProto>${SYNCML_VER_PROTO}</VerProto>` +
    el('SessionID', header.sessionId) +
    `<MsgID>${header.msgId}</MsgID>` +
    `<Target>${el('LocURI', header.target)}</Target><Source>${el('LocURI', header.source)}</Source>` +
    (header.respUri === undefined ? '' : el('RespURI', header.respUri)) +
    (header.cred ? renderCred(header.cred) : '') +
    meta +
    '</SyncHdr><SyncBody>'
  );
}

/** The end of a message after its commands, with Final when asked. */
export function renderClosing(final: boolean): string {
  return `${final ? '<Final/>' : ''}</SyncBody></SyncML>`;
}

/** One command as it appears inside SyncBody, in the element order of the SyncML DTD. */
export function renderCommand(command: SyncmlCommand): string {
  const cmdId = `<CmdID>${command.cmdId}</CmdID>`;
  switch (command.kind) {
    case 'Alert':
      return `<Alert>${cmdId}${el('Data', command.data)}${command.items.map(renderItem).join('')}</Alert>`;
    case 'Status':
      return (
        `<Status>${cmdId}<MsgRef>${command.msgRef}</MsgRef><CmdRef>${command.cmdRef}</CmdRef>${el('Cmd', command.cmd)}` +
        (command.targetRef ?? []).map((ref) => el('TargetRef', ref)).join('') +
        (command.sourceRef ?? []).map((ref) => el('SourceRef', ref)).join('') +
        (command.chal ? renderChal(command.chal) : '') +
        `${el('Data', command.data)}</Status>`
      );
    case 'Results':
      return (
        `<Results>${cmdId}${command.msgRef === undefined ? '' : `<MsgRef>${command.msgRef}</MsgRef>`}<CmdRef>${command.cmdRef}</CmdRef>` +
        `${command.items.map(renderItem).join('')}</Results>`
      );
    case 'Unknown':
      throw EnrollmentError.permanent(ErrorCode.Internal, `A server message cannot carry the unmodelled command ${command.name}`);
    default:
      return `<${command.kind}>${cmdId}${command.items.map(renderItem).join('')}</${command.kind}>`;
  }
}

function renderItem(item: SyncmlItem): string {
  return (
    '<Item>' +
    (item.target === undefined ? '' : `<Target>${el('LocURI', item.target)}</Target>`) +
    (item.source === undefined ? '' : `<Source>${el('LocURI', item.source)}</Source>`) +
    (item.meta ? renderMeta(item.meta) : '') +
    (item.data === undefined ? '' : el('Data', item.data)) +
    '</Item>'
  );
}

function renderMeta(meta: SyncmlMeta, extra = ''): string {
  return `<Meta>${metinf('Format', meta.format)}${metinf('Type', meta.type)}${extra}</Meta>`;
}

function renderCred(cred: SyncmlCred): string {
  return `<Cred>${renderMeta(cred)}${el('Data', cred.data)}</Cred>`;
}

function renderChal(chal: SyncmlChal): string {
  return `<Chal>${renderMeta(chal, metinf('NextNonce', chal.nextNonce))}</Chal>`;
}

function metinf(name: string, value: string | undefined): string {
  return value === undefined ? '' : `<${name} xmlns="${SYNCML_METINF_NAMESPACE}">${escapeXmlText(value, `SyncML Meta ${name}`)}</${name}>`;
}

function el(name: string, value: string): string {
  return `<${name}>${escapeXmlText(value, `SyncML ${name}`)}</${name}>`;
}
