import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * How many established TCP connections process `pid` holds to `port`, read from /proc (Linux): what a
 * process really has open, whatever names its clients give themselves.
 */
export function connectionsTo(pid: number, port: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const socket = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (socket) inodes.add(socket[1]);
    } catch {
      // closed between the listing and the read
    }
  }
  let count = 0;
  for (const table of ['tcp', 'tcp6']) {
    for (const line of readFileSync(`/proc/${pid}/net/${table}`, 'utf8').split('\n').slice(1)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const remotePort = parseInt(fields[2].split(':').pop()!, 16);
      const established = fields[3] === '01';
      if (remotePort === port && established && inodes.has(fields[9])) count++;
    }
  }
  return count;
}
