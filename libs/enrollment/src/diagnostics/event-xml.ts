import { NOT_XML_CHAR } from '../xml/xml-text';
import { DiagnosticEvent, EventLevel } from './diagnostic-event';
import { definitionOf } from './event-catalogue';

const EVENT_NAMESPACE = 'http://schemas.microsoft.com/win/2004/08/events/event';

const STANDARD_OPCODES = new Map([
  [0, 'Info'],
  [1, 'Start'],
  [2, 'Stop'],
]);

// Anything outside the XML 1.0 Char production (NUL and other C0 controls, lone surrogates, U+FFFE/U+FFFF)
// makes the whole document ill-formed, so it becomes U+FFFD: visible, unlike a silent drop.
const NOT_XML_CHARS = new RegExp(NOT_XML_CHAR.source, 'gu');
const REFERENCES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};
// A parser turns a raw CR into LF, and raw tab/LF/CR in an attribute into spaces; references survive both.
const TEXT_SPECIALS = /[&<>"'\r]/g;
const ATTRIBUTE_SPECIALS = /[&<>"'\t\n\r]/g;

const SYSTEM_TIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,7})\d*)?Z$/;
const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** Renders events as Event Viewer's "Save as XML" does: one `<Event>` per event inside `<Events>`. */
export function toEventXml(events: readonly DiagnosticEvent[]): string {
  const body = events.flatMap(eventLines).map((line) => `  ${line}`);
  return ['<?xml version="1.0" encoding="utf-8"?>', '<Events>', ...body, '</Events>', ''].join('\n');
}

/** One event as a lone `<Event>` element, the unit a live stream sends. */
export function toEventElement(event: DiagnosticEvent): string {
  return eventLines(event).join('\n');
}

function eventLines(event: DiagnosticEvent): string[] {
  // Events carry only numbers; the names Event Viewer shows come from the catalogue.
  const def = definitionOf(event.symbol);
  const security = event.userId === undefined ? '<Security/>' : `<Security UserID="${attr(event.userId)}"/>`;
  const system = [
    `<Provider Name="${attr(event.provider)}"/>`,
    element('EventID', event.eventId),
    element('Version', event.version),
    element('Level', event.level),
    element('Task', event.task),
    element('Opcode', event.opcode),
    element('Keywords', event.keywords),
    `<TimeCreated SystemTime="${attr(systemTime(event.timeCreated))}"/>`,
    element('EventRecordID', event.eventRecordId),
    `<Correlation ActivityID="${attr(activityGuid(event.activityId))}"/>`,
    `<Execution ProcessID="${attr(event.processId)}" ThreadID="${attr(event.threadId)}"/>`,
    element('Channel', event.channel),
    element('Computer', event.computer),
    security,
  ];
  const data = Object.entries(event.data).map(([name, value]) => `<Data Name="${attr(name)}">${text(value)}</Data>`);
  const rendering = [
    element('Message', event.message),
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a level stored by another version may have no name here
    element('Level', EventLevel[event.level] ?? `(${event.level})`),
    element('Task', def?.task === event.task ? def.taskName : taskName(event.task)),
    element('Opcode', def?.opcode === event.opcode ? def.opcodeName : opcodeName(event.opcode)),
    element('Channel', event.channel),
    element('Provider', event.provider),
  ];
  return [
    `<Event xmlns="${EVENT_NAMESPACE}">`,
    ...block('System', system),
    ...block('EventData', data),
    ...block('RenderingInfo', rendering, ' Culture="en-US"'),
    '</Event>',
  ];
}

function block(name: string, lines: string[], attributes = ''): string[] {
  if (lines.length === 0) return [`  <${name}${attributes}/>`];
  return [`  <${name}${attributes}>`, ...lines.map((line) => `    ${line}`), `  </${name}>`];
}

function element(name: string, value: string | number): string {
  return `<${name}>${text(value)}</${name}>`;
}

function text(value: string | number): string {
  return String(value)
    .replace(NOT_XML_CHARS, '\uFFFD')
    .replace(TEXT_SPECIALS, (ch) => REFERENCES[ch]);
}

function attr(value: string | number): string {
  return String(value)
    .replace(NOT_XML_CHARS, '\uFFFD')
    .replace(ATTRIBUTE_SPECIALS, (ch) => REFERENCES[ch]);
}

// Event Viewer shows a number it has no name for in parentheses.
const taskName = (task: number): string => (task === 0 ? 'None' : `(${task})`);
const opcodeName = (opcode: number): string => STANDARD_OPCODES.get(opcode) ?? `(${opcode})`;

/** Windows writes SystemTime in UTC with seven fractional digits (100 ns ticks). */
function systemTime(timeCreated: string): string {
  const date = new Date(timeCreated);
  const utc = SYSTEM_TIME.test(timeCreated) || Number.isNaN(date.getTime()) ? timeCreated : date.toISOString();
  const match = SYSTEM_TIME.exec(utc);
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an index into a Record may be absent (the tsconfig has no noUncheckedIndexedAccess)
  return match ? `${match[1]}.${(match[2] ?? '').padEnd(7, '0')}Z` : utc;
}

/** Windows writes GUIDs braced and upper-case; a request id that is not a GUID is kept as it is. */
function activityGuid(activityId: string): string {
  const match = GUID.exec(activityId);
  return match ? `{${match[1].toUpperCase()}}` : activityId;
}
