/** One Server-Sent Events message; every line of `data` gets its own `data:` field, as the format wants. */
export function sseMessage(id: string, event: string, data: string): string {
  const lines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`);
  return `id: ${id}\nevent: ${event}\n${lines.join('\n')}\n\n`;
}

/** A comment line: ignored by clients, it keeps proxies from closing an idle stream. */
export function sseComment(text: string): string {
  return `: ${text}\n\n`;
}
