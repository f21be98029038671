import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../lib/export/report.js';
import { TempDirs } from '../helpers/temp.js';
import { type Chromium, chromiumStatus, launchChromium } from '../setup/chromium.js';
import { buildReportRuns, HOSTILE_NAME, MESSAGE_PAYLOAD, type ReportRuns, TAG_PAYLOAD } from './report-fixture.js';

const status = chromiumStatus();
if (!status.available && !status.mustFail) console.warn(`Skipping the report's browser tests: ${status.reason}`);

interface Opened {
  page: Page;
  /** Every request the page made, as URLs. */
  requests: string[];
  dialogs: string[];
  consoleErrors: string[];
  url: string;
}

describe.skipIf(!status.available && !status.mustFail)('report in Chromium', { timeout: 60_000 }, () => {
  const temp = new TempDirs();
  let browser: Chromium;
  let runs: ReportRuns;
  let dir: string;
  /** The demo runs' report, rendered once for the tests that open it. */
  let demoReport: string;
  const options = { generatedAt: '2026-11-26T15:00:00.000Z', toolVersion: 'ai-evidence/9.9.9' };

  beforeAll(async () => {
    if (!status.available) throw new Error(`${status.reason} CI must run the browser tests.`);
    dir = await temp.make('report-browser');
    runs = await buildReportRuns(dir, 3);
    demoReport = renderReport(runs.demo, options);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await temp.removeAll();
  });

  /** Opens the report as an auditor would: a file on disk, in a new tab. */
  async function open(name: string, document: string): Promise<Opened> {
    const file = join(dir, name);
    await writeFile(file, document);
    const page = await browser.context.newPage();
    const opened: Opened = { page, requests: [], dialogs: [], consoleErrors: [], url: pathToFileURL(file).href };
    page.on('request', (request) => opened.requests.push(request.url()));
    page.on('dialog', (dialog) => {
      opened.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (message.type() === 'error') opened.consoleErrors.push(message.text());
    });
    await page.goto(opened.url, { waitUntil: 'load' });
    return opened;
  }

  it('renders the report with its sections, charts, and makes no request but the document', async () => {
    const opened = await open('report.html', demoReport);
    const { page } = opened;
    try {
      expect(await page.title()).toMatch(/^AI evidence report: /);
      await expect(page.locator('h1').isVisible()).resolves.toBe(true);
      const headings = await page.locator('h2').allTextContents();
      expect(headings).toEqual([
        'At a glance',
        'What was assessed',
        'Posture',
        'Trend across runs',
        'Failing controls',
        'Attestations',
        'Evidence behind each finding',
        'Coverage gaps',
        'How to verify',
      ]);
      for (const heading of await page.locator('h2').all()) expect(await heading.isVisible()).toBe(true);

      // Charts: the glance's posture per framework, four posture charts (AI RMF, CAF-AI, OWASP LLM,
      // EU AI Act) and two trend charts, each drawn with bars of real size.
      const charts = await page.locator('svg.chart').all();
      expect(charts.length).toBe(7);
      for (const chart of charts) {
        const box = await chart.boundingBox();
        expect(box?.width).toBeGreaterThan(100);
        expect(box?.height).toBeGreaterThan(50);
        const bars = await chart.locator('rect.bar').all();
        expect(bars.length).toBeGreaterThan(0);
        const bar = await (bars[0] as (typeof bars)[number]).boundingBox();
        expect(bar?.width).toBeGreaterThan(0);
        expect(bar?.height).toBeGreaterThan(0);
      }
      const trendColumns = await page.locator('#trend svg.chart').first().locator('g').count();
      expect(trendColumns).toBe(runs.demo.length);
      // One sparkline per control that failed in some run.
      const failingControls = new Set(
        runs.demo.flatMap((r) => r.findings.filter((f) => f.finding.status === 'FAIL').map((f) => f.finding.controlId)),
      );
      const sparks = await page.locator('#trend svg.spark').all();
      expect(sparks.length).toBe(failingControls.size);
      const spark = await (sparks[0] as (typeof sparks)[number]).boundingBox();
      expect(spark?.width).toBeGreaterThan(0);
      expect(spark?.height).toBeGreaterThan(0);

      expect(await page.locator('script, img, iframe, link, object, embed').count()).toBe(0);
      expect(opened.requests).toEqual([opened.url]);
      expect(opened.dialogs).toEqual([]);
      expect(opened.consoleErrors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('shows ranked risks on the first screen at 1440 px: severity counts, the top ten failing controls, changes, posture', async () => {
    const opened = await open('glance.html', demoReport);
    const { page } = opened;
    try {
      await page.setViewportSize({ width: 1440, height: 900 });
      const firstScreen = async (selector: string) => {
        const box = await page.locator(selector).boundingBox();
        expect(box, selector).not.toBeNull();
        return (box?.y ?? Number.POSITIVE_INFINITY) + (box?.height ?? 0) <= 900;
      };
      // The ten worst controls, all on the first screen, ranked by severity, then failing resources.
      const rows = page.locator('table.top-risks tbody tr');
      expect(await rows.count()).toBe(10);
      expect(await firstScreen('table.top-risks')).toBe(true);
      const ranked = await rows.evaluateAll((trs) =>
        trs.map((tr) => {
          const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '');
          return { rank: Number(cells[0]), severity: cells[3] ?? '', failing: Number(cells[4]) };
        }),
      );
      const order = ['critical', 'high', 'medium', 'low', 'informational'];
      expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      for (let i = 1; i < ranked.length; i++) {
        const [a, b] = [ranked[i - 1], ranked[i]] as [(typeof ranked)[number], (typeof ranked)[number]];
        expect(order.indexOf(a.severity)).toBeLessThanOrEqual(order.indexOf(b.severity));
        if (a.severity === b.severity) expect(a.failing).toBeGreaterThanOrEqual(b.failing);
      }
      // Each row links to its control's block, which exists further down.
      const first = await rows.first().locator('a').getAttribute('href');
      expect(await page.locator(first as string).count()).toBe(1);
      // Severity counts and the changes since the previous run, above the ranking.
      expect(await page.locator('ul.severity li').count()).toBe(5);
      expect(await firstScreen('ul.severity')).toBe(true);
      expect(await page.locator('p.changes').textContent()).toMatch(
        /^Since the previous run: \d+ findings with another status, \d+ new, \d+ no longer reported; \d+ requirements with another status/,
      );
      // The posture per framework: one bar per framework, drawn.
      const posture = page.locator('figure.glance-posture svg.chart');
      expect(await posture.locator('g').count()).toBe(4);
      const bar = await posture.locator('rect.bar').first().boundingBox();
      expect(bar?.width).toBeGreaterThan(0);
      // The glance no longer lists every failing control id.
      expect(await page.locator('header a[href^="#control-"]').count()).toBe(10);
    } finally {
      await page.close();
    }
  });

  const withoutCsp = (document: string): string => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="[^"]*">\n/;
    expect(document).toMatch(csp);
    return document.replace(csp, '');
  };

  it.each([
    ['with its Content-Security-Policy', (document: string) => document],
    ['by escaping alone, without the Content-Security-Policy', withoutCsp],
  ])('shows markup from AWS as text and runs none of it, %s', async (_, variant) => {
    const opened = await open('hostile.html', variant(renderReport(runs.hostile, options)));
    const { page } = opened;
    try {
      // Give any injected handler (img onerror, svg onload) a moment to fire, had it been parsed as markup.
      await page.waitForTimeout(250);
      expect(opened.dialogs).toEqual([]);
      expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
      expect(await page.locator('script, img, iframe, object, embed').count()).toBe(0);
      expect(await page.locator('svg:not(.chart):not(.spark)').count()).toBe(0);

      // The resource id holding the markup is shown, as text, in the failing controls.
      expect(await page.locator('#failing').textContent()).toContain(HOSTILE_NAME);
      expect(await page.locator('#failing').getByText(HOSTILE_NAME).first().isVisible()).toBe(true);
      // The tag value is in the evidence record's data, the throttling message in the coverage gaps.
      const evidenceText = await page.locator('#evidence').textContent();
      expect(evidenceText).toContain(JSON.stringify(TAG_PAYLOAD));
      expect(await page.locator('#coverage').textContent()).toContain(MESSAGE_PAYLOAD);

      expect(opened.requests).toEqual([opened.url]);
      expect(opened.consoleErrors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
