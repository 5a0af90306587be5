import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Runs the built simulator with `args` and the given environment (PATH added); its exit code and output. */
export async function runSimulatorCli(args: string[], env: Record<string, string> = {}): Promise<{ code: unknown; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['dist/apps/simulator/main.js', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  return { code, stdout, stderr };
}
