// A Redis of this machine's own, for `npm start`, `npm run demo` and `npm test` on a machine where
// redis-server is installed but nothing answers on 127.0.0.1:6379.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { mkdirSync } = require('node:fs');
const { connect } = require('node:net');

/** Resolves true when a Redis answers PING on host:port within `timeoutMs`. */
function redisAnswers(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (answer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('close', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => done(chunk.toString().startsWith('+PONG')));
  });
}

function hasRedisServer() {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Starts `redis-server` on 127.0.0.1:`port` and resolves once it answers. With `dir`, it keeps its data
 * there (append-only file, as production does); without, it keeps nothing. Always `noeviction`: the
 * service refuses a Redis that may drop its jobs. `detached`: in its own process group, so that a Ctrl-C
 * meant for the service reaches it only when the service has stopped. Rejects with the server's own
 * words if it cannot start.
 */
async function startLocalRedis({ port, dir, maxmemoryPolicy = 'noeviction', detached = false, timeoutMs = 10_000 }) {
  const persistence = dir ? ['--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec'] : ['--appendonly', 'no'];
  if (dir) mkdirSync(dir, { recursive: true });
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--maxmemory-policy', maxmemoryPolicy, ...persistence];
  const server = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'], detached });
  let output = '';
  for (const stream of [server.stdout, server.stderr]) stream.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`redis-server did not start on port ${port}: ${lastLines(output)}`);
    }
    if (await redisAnswers(port)) break;
    if (Date.now() > deadline) {
      server.kill('SIGKILL');
      throw new Error(`redis-server did not answer on port ${port} within ${timeoutMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // Its log is only of interest when it fails to start.
  for (const stream of [server.stdout, server.stderr]) stream.removeAllListeners('data').resume();
  return {
    process: server,
    url: `redis://127.0.0.1:${port}`,
    /** Stops it (saving its append-only file) and resolves once it has exited. */
    stop: () => {
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * For `npm start` and `npm run demo`: nothing to do when REDIS_URL is set or a Redis answers on
 * 127.0.0.1:`port` (6379, where the service looks by default), or when redis-server is not installed (the orchestrator then says how to get one).
 * Otherwise starts one there, keeping its data in `dir`, says so through `say`, and returns it to be
 * stopped with the service.
 */
async function ensureLocalRedis({ env, dir, say, port = 6379 }) {
  if (env.REDIS_URL || (await redisAnswers(port)) || !hasRedisServer()) return undefined;
  const redis = await startLocalRedis({ port, dir, detached: true });
  say(`No Redis answered on 127.0.0.1:${port}, so redis-server was started there for this service (data in ${dir}; it stops with the service).`);
  return redis;
}

function lastLines(text) {
  return text.trim().split('\n').slice(-3).join(' | ') || 'no output';
}

module.exports = { redisAnswers, hasRedisServer, startLocalRedis, ensureLocalRedis };
