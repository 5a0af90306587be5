/**
 * What an app tells the process that started it with an IPC channel (`npm start`, `npm run demo`), so
 * that the supervisor knows when it is up and can say so to a person in one banner, instead of either
 * of them reading the other's log.
 */
export type SupervisorMessage =
  | { type: 'warnings'; app: string; warnings: string[] }
  | { type: 'dev-admin-key'; key: string }
  | { type: 'listening'; scheme: 'http' | 'https'; port: number; publicUrl: string }
  | { type: 'ready'; app: string };

/** Whether a supervisor started this process and listens to it. */
export function supervised(): boolean {
  return typeof process.send === 'function';
}

/** Tells the supervisor, if there is one; the channel never keeps the process alive. */
export function tellSupervisor(message: SupervisorMessage): void {
  if (!process.send) return;
  process.channel?.unref();
  process.send(message);
}
