import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** The Chromium or Chrome the browser suites drive (never a browser Playwright downloads): CHROMIUM_PATH, else the first one installed. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const found = env.CHROMIUM_PATH ? [env.CHROMIUM_PATH].filter(existsSync) : CANDIDATES.filter(existsSync);
  if (found.length > 0) return found[0];
  throw new Error(
    env.CHROMIUM_PATH
      ? `CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist: point it at a Chromium or Chrome executable.`
      : 'This suite drives a browser and found none: install Chromium (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable.',
  );
}
