// The orchestrator and one worker as two child processes on one machine, as `npm start` and
// `npm run demo` run them. The worker starts once the orchestrator listens, so a missing Redis is
// reported once, by the orchestrator. When either process ends on its own, the other is stopped too.
'use strict';
const { spawn } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');

class ServiceProcesses {
  /**
   * @param {{ env?: NodeJS.ProcessEnv, output?: NodeJS.WritableStream }} options where the apps'
   *   standard output (their JSON log) goes; their standard error always goes to this process's.
   */
  constructor({ env = process.env, output = process.stdout } = {}) {
    this.env = env;
    this.output = output;
    this.children = new Set();
    this.stopping = false;
    this.stopRequested = false;
    this.exitCode = undefined;
    /** The development admin key the orchestrator printed (none when ADMIN_API_KEYS is set). */
    this.devAdminKey = undefined;
    /** Resolves with `{ port }` once the orchestrator listens; rejects if it ends before. */
    this.listening = new Promise((resolve, reject) => {
      this.onListening = resolve;
      this.onEarlyExit = reject;
    });
    /** Resolves once the worker is ready to take jobs. */
    this.workerReady = new Promise((resolve) => (this.onWorkerReady = resolve));
    /** Resolves with the exit code for this process once every child has ended. */
    this.exited = new Promise((resolve) => (this.onExited = resolve));
    // Callers that only wait on `exited` must not see an unhandled rejection.
    this.listening.catch(() => {});
  }

  start() {
    let keyFollows = false;
    this.run('orchestrator', (line) => {
      // The key is on the line after the orchestrator's notice, alone and indented.
      const key = keyFollows && /^\s+(\S+)\s*$/.exec(line);
      if (key) this.devAdminKey = key[1];
      keyFollows = line.includes('No ADMIN_API_KEYS configured: development admin key');
      if (!this.worker && !this.stopping && line.includes('"orchestrator listening"')) {
        this.onListening({ port: portOf(line) });
        this.worker = this.run('worker', (workerLine) => {
          if (workerLine.includes('"worker ready"')) this.onWorkerReady();
        });
      }
    });
    return this;
  }

  /** Stops every child with `signal` (they drain and close); `exited` resolves once they are gone. */
  stop(signal = 'SIGTERM') {
    this.stopping = true;
    this.stopRequested = true;
    for (const child of this.children) child.kill(signal);
    if (this.children.size === 0) this.onExited(this.exitCode ?? 0);
    return this.exited;
  }

  run(app, onLine) {
    const child = spawn(process.execPath, [join(root, 'dist', 'apps', app, 'main.js')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: this.env,
    });
    this.children.add(child);
    let partial = '';
    child.stdout.on('data', (chunk) => {
      this.output.write(chunk);
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop();
      for (const line of lines) onLine(line);
    });
    child.on('exit', (code, signal) => {
      this.children.delete(child);
      if (app === 'orchestrator') this.onEarlyExit(new Error(`the orchestrator ended (${signal ?? `exit code ${code}`}) before it listened`));
      // Stopped on request, a child ending by that signal (or with 0) ended well.
      const failed = code !== null ? code !== 0 : !this.stopRequested;
      if (failed && this.exitCode === undefined) this.exitCode = code ?? 1;
      if (!this.stopping) {
        this.stopping = true;
        for (const other of this.children) other.kill('SIGTERM');
      }
      if (this.children.size === 0) this.onExited(this.exitCode ?? 0);
    });
    return child;
  }
}

function portOf(line) {
  try {
    return JSON.parse(line).port;
  } catch {
    return undefined;
  }
}

module.exports = { ServiceProcesses };
