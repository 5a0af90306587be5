/** The fields of a diagnostics event the CLI shows (the API sends more). */
export interface EventSummary {
  eventId: number;
  level: number;
  timeCreated: string;
  eventRecordId?: number;
  message: string;
}

const LEVEL_NAMES: Record<number, string> = { 1: 'Critical', 2: 'Error', 3: 'Warning', 4: 'Information', 5: 'Verbose' };

/** One line per event, as Event Viewer's list shows it: time, level, event id, message. */
export function eventLine(event: EventSummary): string {
  const level = LEVEL_NAMES[event.level] ?? `Level ${event.level}`;
  const message = event.message.replace(/\s*[\r\n]+\s*/g, ' ');
  return `${event.timeCreated}  ${level.padEnd(11)}  ${String(event.eventId).padStart(4)}  ${message}`;
}

/** The `<Event>` elements of an `<Events>` document, each dedented to stand alone. */
export function eventElements(xml: string): string[] {
  return (xml.match(/^[ \t]*<Event[\s>][\s\S]*?<\/Event>/gm) ?? []).map((element) => {
    const indent = /^[ \t]*/.exec(element)![0];
    return element
      .split('\n')
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
      .join('\n');
  });
}

/** The EventRecordID of one `<Event>` element: what tells a history event from the same one streamed. */
export function recordIdOfElement(element: string): number | undefined {
  const match = /<EventRecordID>(\d+)<\/EventRecordID>/.exec(element);
  return match ? Number(match[1]) : undefined;
}
