import { ChildProcess } from 'node:child_process';
import { waitFor } from '../../../test/support/wait';

const KEPT_LINES = 200;

/** A child process and the last lines it printed, for readiness checks and for saying why it died. */
export class ChildApp {
  private readonly lines: string[] = [];
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    const collect = (chunk: Buffer) => {
      this.lines.push(...chunk.toString().split('\n').filter(Boolean));
      if (this.lines.length > KEPT_LINES) this.lines.splice(0, this.lines.length - KEPT_LINES);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get output(): string {
    return this.lines.join('\n');
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves when `probe` succeeds; rejects with the process output if it exits first. */
  async ready(probe: () => Promise<boolean | undefined> | boolean | undefined, timeoutMs = 60000): Promise<void> {
    let settled = false;
    await Promise.race([
      waitFor(async () => ((await probe()) ? true : undefined), { timeoutMs, what: `${this.name} to be ready` }).finally(() => (settled = true)),
      this.exited.then((code) => {
        if (!settled) throw new Error(`${this.name} exited with ${code}:\n${this.output}`);
      }),
    ]);
  }

  /** Sends `signal`; with `graceMs`, a process still running after it is killed. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs?: number): Promise<void> {
    if (this.running) this.child.kill(signal);
    if (graceMs === undefined) {
      await this.exited;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([this.exited, deadline]);
    clearTimeout(timer);
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }
}
