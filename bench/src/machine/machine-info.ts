import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../harness/repo-root';

/** The machine and the software a run measured, for the report. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  ramBytes: number;
  os: string;
  /** 1-minute load average when the run started: anything well above 0 means other work shared the CPU. */
  loadAtStart: number;
  versions: Record<'node' | 'redis-server' | 'openssl' | 'bullmq' | 'node-forge', string>;
}

function firstLine(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')[0]
      .trim();
  } catch {
    return 'not found';
  }
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

/** `Redis server v=7.0.15 sha=…` → `7.0.15`; `OpenSSL 3.0.19 27 Jan 2026 (…)` → `3.0.19`. */
export function versionOf(line: string): string {
  return /v=(\S+)/.exec(line)?.[1] ?? /^OpenSSL\s+(\S+)/.exec(line)?.[1] ?? line;
}

export function machineInfo(): MachineInfo {
  const processors = cpus();
  return {
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    ramBytes: totalmem(),
    os: `${type()} ${release()}`,
    loadAtStart: loadavg()[0],
    versions: {
      node: process.version,
      'redis-server': versionOf(firstLine('redis-server', ['--version'])),
      openssl: versionOf(firstLine('openssl', ['version'])),
      bullmq: packageVersion('bullmq'),
      'node-forge': packageVersion('node-forge'),
    },
  };
}
