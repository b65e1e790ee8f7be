import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { freshBuilder } from '../src/demo/traffic.js';
import { type CrmServer, startCrmServer } from '../src/main.js';

// Debian's Chromium (scripts/services/chromium.sh installs it); no browser download works here.
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

describe('browser end to end', () => {
  let uiDir: string;
  let server: CrmServer;
  let browser: Browser;

  beforeAll(async () => {
    // Build the UI into a temporary folder, so the test never depends on an earlier `pnpm build`.
    uiDir = mkdtempSync(join(tmpdir(), 'crm-ui-'));
    await build({
      configFile: fileURLToPath(new URL('../web/vite.config.ts', import.meta.url)),
      build: { outDir: uiDir, emptyOutDir: true, sourcemap: false },
      logLevel: 'silent',
    });
    const config = loadConfig({
      DEMO: '1',
      DEMO_TRAFFIC: '0',
      DATA_DIR: 'memory://',
      PORT: '0',
      LOG_LEVEL: 'silent',
      YEASTAR_WEBSOCKET: '0',
    });
    server = await startCrmServer(config, { uiDir });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(uiDir, { recursive: true, force: true });
  });

  it('logs in, pops up a ringing call, opens the customer and shows the call in the timeline', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByLabel('Username').fill('demo');
    await page.getByLabel('Password').fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await page.locator('.dot.on').waitFor(); // the SSE stream is open

    const ami = server.demo?.ami;
    if (!ami) throw new Error('demo fakes expected');
    const ringMs = 1000;
    const scenario = freshBuilder()
      .inbound({ from: '+306974015758', did: '2105551000', extension: '101', ringMs, talkMs: 2000 })
      .build();
    // The first BridgeEnter is the answer: everything before it is the ringing phase.
    const answerAt = scenario.events.find((e) => e.headers[0]?.[1] === 'BridgeEnter')?.at ?? ringMs;
    const startTime = Date.now();
    // First the ringing half of the call: the pop must show while it rings.
    await ami.play(
      { ...scenario, events: scenario.events.filter((e) => e.at < answerAt) },
      { timeScale: 0.01, startTime },
    );
    const pop = page.getByTestId('screen-pop');
    await pop.waitFor();
    expect(await pop.textContent()).toContain('Maria Papadopoulou');
    await pop.getByTestId('screen-pop-open').click();
    await expect.poll(() => page.getByTestId('customer-name').textContent()).toBe('Maria Papadopoulou');

    // Then the rest of the call: answered, talked, hung up → the timeline shows it (live refresh over SSE).
    await ami.play(
      { ...scenario, events: scenario.events.filter((e) => e.at >= answerAt) },
      { timeScale: 0.01, startTime },
    );
    const call = page.getByTestId('timeline').locator('[data-channel="call"]').first();
    await call.waitFor();
    expect(await call.textContent()).toContain('inbound call · answered');
    await page.close();
  });
});
