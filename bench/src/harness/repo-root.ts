import { join } from 'node:path';

/** The repository root: the bundle runs from dist/bench/main.js (and the specs from bench/src/harness). */
export const REPO_ROOT = join(__dirname, '..', '..');
