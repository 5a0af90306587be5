// The orchestrator and one worker as two child processes on one machine, as `npm start` and
// `npm run demo` run them. Each app tells this process over an IPC channel when it is up (never through
// its log, whose level and format are the admin's to choose). The worker starts once the orchestrator
// listens, so a missing Redis is reported once, by the orchestrator. When either process ends on its
// own, the other is stopped too. Where no Redis answers, they get one of their own (local-redis.js),
// stopped after them.
'use strict';
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { ensureLocalRedis } = require('./local-redis');

const root = join(__dirname, '..');

class ServiceProcesses {
  /**
   * @param {{ env?: NodeJS.ProcessEnv, onOutput?: (app: string, line: string) => void, redisDir: string, say: (line: string) => void }} options
   *   `onOutput` takes each line the apps write on standard output (their JSON log); their standard
   *   error always goes to this process's. `redisDir` keeps the data of a Redis started for them, and
   *   `say` tells a person that one was.
   */
  constructor({ env = process.env, onOutput = () => {}, redisDir, say }) {
    this.env = env;
    this.onOutput = onOutput;
    this.redisDir = redisDir;
    this.say = say;
    /** The Redis started for the apps, if one was (`{ url }`). */
    this.localRedis = undefined;
    this.children = new Set();
    this.stopping = false;
    this.stopRequested = false;
    this.exitCode = undefined;
    /** The development admin key the orchestrator made (none when ADMIN_API_KEYS is set). */
    this.devAdminKey = undefined;
    /** Development shortcuts that are on, as the apps name them, without repeats. */
    this.warnings = new Set();
    /** Resolves with `{ scheme, port, publicUrl }` once the orchestrator listens (scheme: http or https); rejects if it ends before. */
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

  async start() {
    this.localRedis = await ensureLocalRedis({ env: this.env, dir: this.redisDir, say: this.say });
    if (this.localRedis) this.env = { ...this.env, REDIS_URL: this.localRedis.url };
    this.run('orchestrator');
    return this;
  }

  /** Stops every child with `signal` (they drain and close); `exited` resolves once they are gone. */
  stop(signal = 'SIGTERM') {
    this.stopping = true;
    this.stopRequested = true;
    for (const child of this.children) child.kill(signal);
    if (this.children.size === 0) this.finish();
    return this.exited;
  }

  /** Once every app has ended: the Redis started for them stops too, then `exited` resolves. */
  finish() {
    Promise.resolve(this.localRedis?.stop()).then(() => this.onExited(this.exitCode ?? 0));
  }

  /** @param {{ type: string, [field: string]: unknown }} message what an app said (see libs/enrollment/src/config/supervisor.ts) */
  heard(message) {
    switch (message.type) {
      case 'warnings':
        for (const warning of message.warnings) this.warnings.add(warning);
        break;
      case 'dev-admin-key':
        this.devAdminKey = message.key;
        break;
      case 'listening':
        this.onListening({ scheme: message.scheme ?? 'http', port: message.port, publicUrl: message.publicUrl });
        if (!this.worker && !this.stopping) this.worker = this.run('worker');
        break;
      case 'ready':
        this.onWorkerReady();
        break;
    }
  }

  run(app) {
    const child = spawn(process.execPath, [join(root, 'dist', 'apps', app, 'main.js')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      env: this.env,
    });
    this.children.add(child);
    child.on('message', (message) => this.heard(message));
    let partial = '';
    child.stdout.on('data', (chunk) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop();
      for (const line of lines) this.onOutput(app, line);
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
      if (this.children.size === 0) this.finish();
    });
    return child;
  }
}

module.exports = { ServiceProcesses };
