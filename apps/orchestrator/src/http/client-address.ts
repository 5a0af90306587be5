import { isIPv6 } from 'node:net';
import type { Request } from 'express';

/**
 * The address a client is counted under. `request.ip` honours X-Forwarded-For only from
 * TRUSTED_PROXY_CIDRS (Express's `trust proxy`). An IPv6 client is counted by its /64, the block one
 * subscriber usually holds, so that it cannot take a fresh address for every request.
 */
export function clientAddress(request: Request): string {
  const ip = (request.ip ?? request.socket.remoteAddress ?? 'unknown').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  return isIPv6(ip) ? `${ipv6Prefix64(ip)}::/64` : ip;
}

function ipv6Prefix64(ip: string): string {
  const [head, tail] = ip.split('%')[0].split('::') as [string, string?];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':');
}
