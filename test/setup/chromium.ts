import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's `chromium` package; tests never download a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Whether browser tests can run. Locally a missing Chromium skips them with the reason printed; in
 * CI (`CI` set) it fails them, since .ci/run installs Chromium.
 */
export function chromiumStatus(): { available: true } | { available: false; reason: string; mustFail: boolean } {
  if (existsSync(CHROMIUM_PATH)) return { available: true };
  const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
  return {
    available: false,
    mustFail: ci,
    reason: `${CHROMIUM_PATH} is missing: install Debian's chromium package (apt-get install -y chromium) to run the browser tests.`,
  };
}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile in a temporary folder, removed on close. */
export async function launchChromium(): Promise<Chromium> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'ai-evidence-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 900 },
      offline: true,
    });
    return {
      context,
      close: async () => {
        await context.close();
        await rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
