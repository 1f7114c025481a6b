// Build the demo page with vite, serve the build, and drive Debian's Chromium.
import { fileURLToPath } from 'node:url';

import { type Browser, chromium, type ConsoleMessage, type Page } from 'playwright-core';
import { build, createServer, preview, type PreviewServer } from 'vite';

import { webOutDir, webRoot } from '../../vite.config.ts';

const configFile = fileURLToPath(new URL('../../vite.config.ts', import.meta.url));

/** `vite build` of examples/web/ into dist-web/, with the project's config. */
export async function buildDemo(): Promise<void> {
  await build({ configFile, logLevel: 'warn' });
}

/** A running preview server of dist-web/ and its URL. */
export interface Served {
  url: string;
  close(): Promise<void>;
}

/**
 * Serve dist-web/ on 127.0.0.1 at a free port: with the config's COOP/COEP
 * headers when `isolated`, else with no config at all (a plain static host).
 */
export async function serveDemo(isolated: boolean): Promise<Served> {
  const listen = { host: '127.0.0.1', port: 0, strictPort: true, open: false };
  const server: PreviewServer = isolated
    ? await preview({ configFile, logLevel: 'warn', preview: listen })
    : await preview({ configFile: false, logLevel: 'warn', root: webRoot, build: { outDir: webOutDir }, preview: listen });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview reported no local URL');
  return { url, close: () => server.close() };
}

/** The vite dev server of examples/web/ (sources, not the build), with COOP/COEP. */
export async function serveDev(): Promise<Served> {
  const server = await createServer({ configFile, logLevel: 'warn', server: { host: '127.0.0.1', port: 0, strictPort: true } });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite dev server reported no local URL');
  return { url, close: () => server.close() };
}

/** Debian's Chromium (installed by scripts/setup.sh); nothing is downloaded. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

/** A page whose uncaught errors and console errors are collected, to fail the test on. */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  page.on('worker', (w) => w.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') problems.push(`worker console.error: ${m.text()}`);
  }));
  await page.goto(url);
  await page.waitForFunction(() => window.__alsDemo !== undefined);
  return { page, problems };
}
