import { StartupError } from './startup-error';

/*
 * What start-up says when it cannot go on: what is wrong, with what value, and what to do, in one
 * paragraph an operator can act on. None of these messages ever includes a secret.
 */

/** A failure to listen on the HTTP port, as a StartupError when the operator can fix it; any other error as it is. */
export function listenError(error: unknown, port: number): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new StartupError(
      `Port ${port} is already in use: another process is listening on it, perhaps another orchestrator. ` +
        `Stop that process, or start this one on another port, for example PORT=${port < 65535 ? port + 1 : 3000} ` +
        '(if PUBLIC_URL names the port, change it too).',
    );
  }
  if (code === 'EACCES') {
    return new StartupError(
      `Port ${port} needs privileges this process does not have (ports below 1024 usually do). ` +
        `Start it on a port of 1024 or more, for example PORT=3000, and let a reverse proxy or a port mapping serve port ${port}.`,
    );
  }
  return error;
}
