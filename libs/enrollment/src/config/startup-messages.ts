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

const EVICTION_LOSES = 'when it runs out of memory it deletes keys, silently losing queued jobs, requests and certificates';
const EVICTION_FIX = '`CONFIG SET maxmemory-policy noeviction` in redis-cli, and `maxmemory-policy noeviction` in redis.conf so that it lasts a restart';

/**
 * What to do about a Redis `maxmemory-policy`: nothing for noeviction; any other is refused in production
 * and warned about elsewhere. `where` names the Redis, e.g. "Redis at redis://127.0.0.1:6379".
 */
export function evictionPolicyVerdict(where: string, policy: string, production: boolean): { refuse: boolean; message: string } | undefined {
  if (policy === 'noeviction') return undefined;
  const problem = `${where} has maxmemory-policy ${policy}: ${EVICTION_LOSES}.`;
  return production
    ? { refuse: true, message: `${problem} Production requires noeviction: set it with ${EVICTION_FIX}, then start again.` }
    : { refuse: false, message: `${problem} Set it to noeviction with ${EVICTION_FIX}; production refuses to start on it.` };
}

/** A warning for a Redis that does not tell its `maxmemory-policy` (managed services often refuse CONFIG). */
export function evictionPolicyUnknown(where: string, reason: string): string {
  return `Could not read the maxmemory-policy of ${where} (${reason}). Make sure it is noeviction: with any other policy Redis ${EVICTION_LOSES}.`;
}

export interface CaPassphraseMismatch {
  /** REDIS_PREFIX of the CA. */
  prefix: string;
  /** The development default passphrase opens the CA key (and this process has another). */
  madeWithDevelopmentDefault: boolean;
  /** This process has no passphrase configured, so it tried the development default. */
  usingDevelopmentDefault: boolean;
  production: boolean;
}

/** Why the stored CA key does not open, and the ways out. Takes no passphrase, so it can print none. */
export function caPassphraseMismatch(facts: CaPassphraseMismatch): string {
  const { prefix } = facts;
  const ca = `The CA under REDIS_PREFIX=${prefix}`;
  let problem: string;
  let sameAgain: string | undefined;
  if (facts.madeWithDevelopmentDefault) {
    problem =
      `${ca} was created with the development default passphrase, probably by a process started without ` +
      'CA_PASSPHRASE or CA_PASSPHRASE_FILE, and the passphrase configured now cannot open its private key.';
    // Production refuses the development default, so that CA can never serve it.
    if (facts.production) problem += ' Production refuses that passphrase, so this CA cannot serve it.';
    else sameAgain = 'start without CA_PASSPHRASE and CA_PASSPHRASE_FILE to use that CA';
  } else if (facts.usingDevelopmentDefault) {
    problem =
      `${ca} was created with its own passphrase, but this process has none (neither CA_PASSPHRASE nor ` +
      'CA_PASSPHRASE_FILE is set), and the development default cannot open its private key.';
    sameAgain = 'start with the passphrase it was created with, in CA_PASSPHRASE_FILE or CA_PASSPHRASE';
  } else {
    problem = `${ca} was created with another passphrase than the one configured now, which cannot open its private key.`;
    sameAgain = 'start with the passphrase it was created with, in CA_PASSPHRASE_FILE or CA_PASSPHRASE';
  }
  const ways = [
    ...(sameAgain ? [sameAgain] : []),
    'use another REDIS_PREFIX, where a new CA is created',
    `(development only: it discards every request, device and certificate under that prefix) delete every key that starts with {${prefix}}:, ` +
      `for example \`redis-cli --scan --pattern '{${prefix}}:*' | xargs redis-cli unlink\`, so that the next start creates a new CA`,
  ];
  return `${problem} Either ${ways.join(', or ')}.`;
}
