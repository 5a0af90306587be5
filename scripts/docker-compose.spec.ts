import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

const ROOT = join(__dirname, '..');

interface Service {
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
}

describe('docker-compose.yml', () => {
  const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
  const services = (load(text) as { services: Record<string, Service> }).services;

  it('can run Redis alone with no variable set: no ${VAR:?} that would fail the whole file', () => {
    expect(text.match(/\$\{[A-Z_]+:?\?[^}]*\}/g) ?? []).toEqual([]);
  });

  it('gives the orchestrator and the workers healthchecks, the workers the file their check reads', () => {
    const orchestratorCheck = services.orchestrator.healthcheck!.test.join(' ');
    expect(orchestratorCheck).toContain('://127.0.0.1:3000/health/ready');
    // Over HTTPS when the orchestrator serves it.
    expect(orchestratorCheck).toContain('TLS_CERT_FILE');
    const healthFile = services.worker.environment!.WORKER_HEALTH_FILE;
    expect(healthFile).toBeDefined();
    expect(services.worker.healthcheck!.test.join(' ')).toContain(healthFile);
    expect(services.redis.healthcheck).toBeDefined();
  });

  it('names README sections that exist', () => {
    const headings = readFileSync(join(ROOT, 'README.md'), 'utf8')
      .match(/^#+ .+$/gm)!
      .map((line) => line.replace(/^#+ /, ''));
    const named = [...text.matchAll(/"([^"]+)" → "([^"]+)"/g)].flatMap((match) => [match[1], match[2]]);
    expect(named.length).toBeGreaterThan(0);
    for (const section of named) expect(headings).toContain(section);
  });
});
