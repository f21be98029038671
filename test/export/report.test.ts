import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TRUSTED_ATTESTERS_DIR } from '../../lib/cli/attest.js';
import { findingIdentity } from '../../lib/controls/identity.js';
import { catalog } from '../../lib/controls/index.js';
import { SEVERITIES, type Severity } from '../../lib/controls/types.js';
import { runTags, tagKeysOwnerFirst } from '../../lib/evidence/resource-tags.js';
import { escapeHtml, html, joinHtml, trustedHtml } from '../../lib/export/html.js';
import type { SealedRunData } from '../../lib/export/load.js';
import { MAX_EVIDENCE_ROWS_PER_RUN, MAX_FAILING_RESOURCES_PER_CONTROL, renderReport } from '../../lib/export/report.js';
import { cafAi, euAiAct, nistAiRmf, owaspLlm } from '../../lib/frameworks/definitions.js';
import { TempDirs } from '../helpers/temp.js';
import { buildReportRuns, HOSTILE_NAME, IMG_PAYLOAD, MESSAGE_PAYLOAD, SCRIPT_PAYLOAD, TAG_PAYLOAD } from './report-fixture.js';

const temp = new TempDirs();
let runs: SealedRunData[];
let hostile: SealedRunData[];
let report: string;
const options = { generatedAt: '2026-11-26T15:00:00.000Z', toolVersion: 'ai-evidence/9.9.9' };

beforeAll(async () => {
  ({ demo: runs, hostile } = await buildReportRuns(await temp.make('report'), 2));
  report = renderReport(runs, options);
});
afterAll(() => temp.removeAll());

function latest(of: readonly SealedRunData[]): SealedRunData {
  return of[of.length - 1] as SealedRunData;
}

/** The markup of the element whose id is `id`, up to the next element of the same tag at the same depth (enough for these sections). */
function sectionOf(doc: string, id: string): string {
  const start = doc.indexOf(`<section id="${id}">`);
  expect(start, `section ${id}`).toBeGreaterThanOrEqual(0);
  return doc.slice(start, doc.indexOf('</section>', start));
}

describe('escaping', () => {
  it('escapes the five characters that matter', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
    expect(escapeHtml('plain text')).toBe('plain text');
  });

  it('escapes interpolated values, not nested markup, lists or trusted constants', () => {
    const value = '<b title="x">';
    expect(html`<p>${value}</p>`.toString()).toBe('<p>&lt;b title=&quot;x&quot;&gt;</p>');
    expect(html`<p>${html`<i>${value}</i>`}</p>`.toString()).toBe('<p><i>&lt;b title=&quot;x&quot;&gt;</i></p>');
    expect(html`<p>${[value, 1, null, undefined, false]}</p>`.toString()).toBe('<p>&lt;b title=&quot;x&quot;&gt;1</p>');
    expect(html`${trustedHtml('<hr>')}`.toString()).toBe('<hr>');
    expect(joinHtml(['<a>', html`<b></b>`], ', ').toString()).toBe('&lt;a&gt;, <b></b>');
  });
});

describe('renderReport over the demo estate', () => {
  it('is one self-contained document with a strict Content-Security-Policy and no script or external resource', () => {
    expect(report.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(report).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:;`,
    );
    expect(report).not.toMatch(/<script|<link|<iframe|<object|<embed|<img|@import|url\(/i);
    // Every src or href is an anchor in the page.
    for (const match of report.matchAll(/\b(src|href)\s*=\s*"([^"]*)"/gi)) expect(match[2]).toMatch(/^#/);
    expect(report).not.toMatch(/\bsrc\s*=/i);
  });

  it('has every section', () => {
    for (const [id, heading] of [
      ['assessed', 'What was assessed'],
      ['posture', 'Posture'],
      ['trend', 'Trend across runs'],
      ['failing', 'Failing controls'],
      ['attestations', 'Attestations'],
      ['evidence', 'Evidence behind each finding'],
      ['coverage', 'Coverage gaps'],
      ['verify', 'How to verify'],
    ]) {
      expect(sectionOf(report, id as string)).toContain(`<h2>${heading}</h2>`);
    }
    expect(report).toContain('<title>AI evidence report: ');
    expect(report).toContain('<h2 id="glance">At a glance</h2>');
  });

  /** The glance: from its heading to the end of the header. */
  const glanceOf = (doc: string) => doc.slice(doc.indexOf('<h2 id="glance">'), doc.indexOf('</header>'));

  /** The latest run's failing controls, ranked by hand: most severe first, then most failing resources, then id. */
  function expectedRanking(run: SealedRunData): { id: string; severity: string; failing: number }[] {
    const byControl = new Map<string, { id: string; severity: string; failing: number }>();
    for (const { finding } of run.findings.filter((f) => f.finding.status === 'FAIL')) {
      const c = byControl.get(finding.controlId) ?? { id: finding.controlId, severity: finding.severity, failing: 0 };
      c.failing++;
      byControl.set(finding.controlId, c);
    }
    return [...byControl.values()].sort(
      (a, b) =>
        SEVERITIES.indexOf(a.severity as Severity) - SEVERITIES.indexOf(b.severity as Severity) ||
        b.failing - a.failing ||
        (a.id < b.id ? -1 : 1),
    );
  }

  it('ranks the top ten failing controls at a glance by severity, then failing resources, and points to the rest', () => {
    const glance = glanceOf(report);
    const expected = expectedRanking(latest(runs));
    const rows = [
      ...glance.matchAll(
        /<tr><td class="num">(\d+)<\/td><td><a href="#control-([^"]+)">.*?<span class="badge sev"[^>]*>([a-z]+)<\/span><\/td><td class="num">(\d+)<\/td><\/tr>/g,
      ),
    ].map((m) => ({ rank: Number(m[1]), id: m[2], severity: m[3], failing: Number(m[4]) }));
    expect(expected.length).toBeGreaterThan(10);
    expect(rows).toEqual(
      expected.slice(0, 10).map((c, i) => ({ rank: i + 1, id: c.id, severity: c.severity.toLowerCase(), failing: c.failing })),
    );
    // The glance ranks; it does not list every failing control id (the failing controls section does).
    expect(glance.match(/href="#control-/g)).toHaveLength(10);
    expect(glance).toContain(`${expected.length - 10} more failing controls are under <a href="#failing">Failing controls</a>`);
    expect(glance).toContain(
      `${latest(runs).findings.filter((f) => f.finding.status === 'FAIL').length} failing findings on ${expected.length} controls`,
    );
  });

  it('counts failing controls and resources per severity at a glance', () => {
    const glance = glanceOf(report);
    const expected = expectedRanking(latest(runs));
    for (const severity of SEVERITIES) {
      const of = expected.filter((c) => c.severity === severity);
      const item = new RegExp(`<li data-severity="${severity}">.*?<strong>(\\d+)</strong> controls?, (\\d+) resources?</li>`).exec(glance);
      expect(item?.slice(1).map(Number), severity).toEqual([of.length, of.reduce((sum, c) => sum + c.failing, 0)]);
    }
  });

  it('gives a posture figure per framework at a glance: requirements met (passing or attested) of all', () => {
    const glance = glanceOf(report);
    const posture = sectionOf(report, 'posture');
    for (const framework of [nistAiRmf, cafAi, owaspLlm, euAiAct]) {
      // The posture section states each framework's totals: "<n> requirements: <a> fail, ..., <b> pass, ..., <c> attested, ...".
      const totals = new RegExp(`${framework.requirements.length} requirements: .*?(\\d+) pass, .*?(\\d+) attested,`).exec(
        posture.slice(posture.indexOf(escapeHtml(framework.title))),
      );
      const met = Number(totals?.[1]) + Number(totals?.[2]);
      const percent = Math.floor((met / framework.requirements.length) * 100);
      expect(glance).toContain(`>${escapeHtml(framework.title)}</text>`);
      expect(glance).toContain(`${percent}% met (${met} of ${framework.requirements.length})`);
    }
  });

  it('says what was assessed: runs, accounts, regions, time range, versions, Merkle roots and statement digests', () => {
    const assessed = sectionOf(report, 'assessed');
    const first = runs[0] as SealedRunData;
    expect(assessed).toContain(`${first.manifest.startedAt} to ${latest(runs).manifest.finishedAt}`);
    expect(assessed).toContain('ai-evidence/9.9.9');
    for (const run of runs) {
      for (const value of [
        run.runId,
        run.manifest.merkle.root,
        run.statementSha256,
        run.manifest.catalogVersion,
        run.manifest.toolVersion,
      ]) {
        expect(assessed).toContain(value);
      }
      for (const scope of run.manifest.scopes) {
        expect(assessed).toContain(scope.accountId);
        expect(assessed).toContain(scope.region);
      }
    }
  });

  it('charts the posture per AI RMF function, per CAF-AI capability, per OWASP LLM risk and per EU AI Act article', () => {
    const posture = sectionOf(report, 'posture');
    expect(posture.match(/<svg /g)).toHaveLength(4);
    // One bar per OWASP risk and per article, labelled with its id.
    for (const requirement of [...owaspLlm.requirements, ...euAiAct.requirements]) {
      expect(posture).toContain(`>${escapeHtml(requirement.id)} `);
    }
    for (const fn of nistAiRmf.groups) expect(posture).toContain(`>${fn}</text>`);
    for (const capability of cafAi.requirements) {
      expect(posture).toContain(`>${escapeHtml(capability.text.split(':')[0] as string)}</text>`);
    }
    for (const status of ['FAIL', 'PASS', 'INSUFFICIENT_EVIDENCE', 'NOT_APPLICABLE', 'ATTESTATION_REQUIRED']) {
      expect(posture).toContain(`data-status="${status}"`);
    }
  });

  it('charts the trend with one column per run', () => {
    const trend = sectionOf(report, 'trend');
    expect(trend).toContain('<svg ');
    for (let i = 1; i <= runs.length; i++) expect(trend).toContain(`>#${i}</text>`);
    expect(trend).toContain('Changes since the previous run');
    const failingControls = new Set(
      runs.flatMap((r) => r.findings.filter((f) => f.finding.status === 'FAIL').map((f) => f.finding.controlId)),
    );
    expect(trend.match(/<svg class="spark"/g)).toHaveLength(failingControls.size);
    for (const id of failingControls) expect(trend).toContain(`<td><code>${id}</code></td><td><svg class="spark"`);
  });

  it('names what changed between the last two runs', () => {
    const [before, after] = runs as [SealedRunData, SealedRunData];
    // Findings the two runs hold once each, with the same status: changing one changes one thing.
    const idOf = (f: SealedRunData['findings'][number]) => `${f.finding.controlId} ${f.finding.resource.id}`;
    const statuses = (run: SealedRunData) => {
      const all = new Map<string, string[]>();
      for (const f of run.findings) all.set(idOf(f), [...(all.get(idOf(f)) ?? []), f.finding.status]);
      return all;
    };
    const [was, now] = [statuses(before), statuses(after)];
    const stable = (f: SealedRunData['findings'][number]) =>
      was.get(idOf(f))?.length === 1 && now.get(idOf(f))?.length === 1 && was.get(idOf(f))?.[0] === f.finding.status;
    const fixed = after.findings.find((f) => f.finding.status === 'FAIL' && stable(f));
    const broken = after.findings.find((f) => f.finding.status === 'PASS' && stable(f));
    if (fixed === undefined || broken === undefined) throw new Error('the demo run has no failing or no passing finding');
    const changed = after.findings.map((f) =>
      f === fixed
        ? { ...f, finding: { ...f.finding, status: 'PASS' as const } }
        : f === broken
          ? { ...f, finding: { ...f.finding, status: 'FAIL' as const } }
          : f,
    );
    const baseline = sectionOf(renderReport([before, after], options), 'trend');
    const count = (section: string, heading: string) => Number(new RegExp(`<h4>${heading} \\((\\d+)\\)</h4>`).exec(section)?.[1]);
    const trend = sectionOf(renderReport([before, { ...after, findings: changed }], options), 'trend');
    expect(count(trend, 'Findings that changed')).toBe(count(baseline, 'Findings that changed') + 2);
    const item = (section: string, f: SealedRunData['findings'][number]) =>
      new RegExp(`<li data-change="STATUS" data-identity="${findingIdentity(f.finding)}">[^\\n]*?</li>`).exec(section)?.[0] ?? '';
    expect(item(baseline, broken)).toBe('');
    expect(item(trend, broken)).toContain(escapeHtml(broken.finding.resource.id));
    expect(item(trend, broken)).toContain('Pass to Fail');
    expect(item(trend, fixed)).toContain(escapeHtml(fixed.finding.resource.id));
    expect(item(trend, fixed)).toContain('Fail to Pass');
    // The glance counts the same changes.
    const glanceStatusChanges = (doc: string) =>
      Number(/Since the previous run:<\/strong> <strong>(\d+)<\/strong> findings with another status/.exec(glanceOf(doc))?.[1]);
    expect(glanceStatusChanges(renderReport([before, { ...after, findings: changed }], options))).toBe(
      glanceStatusChanges(renderReport([before, after], options)) + 2,
    );
    expect(glanceOf(renderReport([after], options))).toContain('one run in the range, nothing to compare it with.');
  });

  it('says the changes cannot be told when a run holds two findings with one identity, and still renders', () => {
    const [before, after] = runs as [SealedRunData, SealedRunData];
    const first = after.findings[0] as SealedRunData['findings'][number];
    const doubled = { ...after, findings: [...after.findings, { ...first, key: `${first.key}#again` }] };
    const trend = sectionOf(renderReport([before, doubled], options), 'trend');
    expect(trend).toContain('<h3 id="changes">Changes since the previous run</h3>');
    expect(trend).toContain(
      `The changes cannot be told: Two findings of the run after share the identity ${findingIdentity(first.finding)}`,
    );
    expect(trend).not.toContain('Findings that changed');
  });

  it('lists every failing control of the latest run with its remediation and the resources that fail', () => {
    const failing = sectionOf(report, 'failing');
    const failed = latest(runs).findings.filter((f) => f.finding.status === 'FAIL');
    expect(failed.length).toBeGreaterThan(0);
    const ids = [...new Set(failed.map((f) => f.finding.controlId))];
    for (const id of ids) {
      const control = catalog.find((c) => c.id === id);
      const start = failing.indexOf(`id="control-${id}"`);
      expect(start, id).toBeGreaterThanOrEqual(0);
      const block = failing.slice(start, failing.indexOf('</div>', start));
      expect(block).toContain(escapeHtml(control?.remediation as string));
      for (const f of failed.filter((x) => x.finding.controlId === id)) expect(block).toContain(escapeHtml(f.finding.resource.id));
    }
    expect(failing.match(/class="control"/g)).toHaveLength(ids.length);
    // In the glance's order: the most severe first, then the most failing resources.
    const order = [...failing.matchAll(/<div class="control" id="control-([^"]+)">/g)].map((m) => m[1]);
    expect(order).toEqual(expectedRanking(latest(runs)).map((c) => c.id));
  });

  it('shows the evidence behind each finding: object key, SHA-256 and the record’s fields', () => {
    const evidence = sectionOf(report, 'evidence');
    for (const run of runs) {
      const cited = new Set(run.findings.flatMap((f) => f.finding.evidence));
      for (const f of run.findings) expect(evidence).toContain(f.sha256);
      for (const e of run.evidence.filter((r) => cited.has(r.sha256))) {
        expect(evidence).toContain(e.key);
        expect(evidence).toContain(`id="run${runs.indexOf(run)}-evidence-${e.sha256}"`);
        expect(evidence).toContain(e.record.source.operation);
        expect(evidence).toContain(e.record.collectedAt);
      }
      // Records no finding cites (a listing page, say) are left out and counted.
      for (const e of run.evidence.filter((r) => !cited.has(r.sha256))) expect(evidence).not.toContain(`-evidence-${e.sha256}"`);
    }
  });

  it('shows the tags the run sealed beside each tagged resource of a shown finding, owner-like first', () => {
    const run = latest(runs);
    const tags = runTags(run.evidence.map((e) => e.record));
    const evidence = sectionOf(report, 'evidence');
    const part = evidence.slice(evidence.indexOf(`Run ${runs.length}: ${run.runId}`));
    const tagged = run.findings.filter((f) => tags.has(f.finding.resource.id) && part.includes(escapeHtml(f.finding.resource.id)));
    expect(tagged.length).toBeGreaterThan(0);
    for (const f of tagged) {
      const t = tags.get(f.finding.resource.id) ?? {};
      const shown = tagKeysOwnerFirst(t).map((k) => `<code>${escapeHtml(`${k}=${t[k]}`)}</code>`);
      expect(part).toContain(`Tags: ${shown.join(' ')}`);
    }
    // An owner-like tag leads: the notebook tagged Environment, Owner and CostCenter shows Owner first.
    expect(part).toContain('Tags: <code>Owner=ml-platform-team</code> <code>CostCenter=CC-4410</code> <code>Environment=sandbox</code>');
  });

  it('says how many evidence records no finding shown cites', () => {
    const run = latest(runs);
    const uncitedBefore = run.evidence.filter((e) => !run.findings.some((f) => f.finding.evidence.includes(e.sha256))).length;
    const record = run.evidence.find((e) =>
      run.findings.some((f) => f.finding.evidence.includes(e.sha256)),
    ) as SealedRunData['evidence'][number];
    const findings = run.findings.filter((f) => !f.finding.evidence.includes(record.sha256));
    const evidence = sectionOf(renderReport([{ ...run, findings }], options), 'evidence');
    expect(evidence).not.toContain(`-evidence-${record.sha256}"`);
    const uncitedAfter = run.evidence.filter((e) => !findings.some((f) => f.finding.evidence.includes(e.sha256))).length;
    expect(uncitedAfter).toBeGreaterThan(uncitedBefore);
    expect(evidence).toContain(`${uncitedAfter} more evidence records of this run, not cited by the findings above`);
    const all = sectionOf(renderReport([run], options), 'evidence');
    if (uncitedBefore === 0) expect(all).not.toContain('not cited by the findings above');
    else expect(all).toContain(`${uncitedBefore} more evidence records of this run, not cited by the findings above`);
  });

  it('lists the coverage gaps of each run', () => {
    const coverage = sectionOf(report, 'coverage');
    const gaps = latest(runs).manifest.coverage.filter((c) => c.status !== 'COMPLETE');
    expect(gaps.length).toBeGreaterThan(0);
    for (const gap of gaps) {
      expect(coverage).toContain(gap.collector);
      for (const error of gap.errors) expect(coverage).toContain(escapeHtml(error.message));
    }
  });

  it('names a collector that did not run in a scope', () => {
    const run = latest(runs);
    const [dropped, ...kept] = run.manifest.coverage;
    const coverage = sectionOf(renderReport([{ ...run, manifest: { ...run.manifest, coverage: kept } }], options), 'coverage');
    expect(coverage).toContain(`1 not run;`);
    expect(coverage).toContain(
      `Collectors that did not run in an account and region: <code>${dropped?.collector}</code> in <code>${dropped?.accountId}</code> <code>${dropped?.region}</code>.`,
    );
    expect(sectionOf(report, 'coverage')).toContain(' 0 not run;');
  });

  it('lists the signed attestations of the latest run with owner, validity, statement and links, and counts them in the posture', () => {
    // Act
    const section = sectionOf(report, 'attestations');
    // Assess: the demo seals eight, one of them expired on 2026-10-31.
    expect(section.match(/<tr><td>/g)).toHaveLength(8);
    expect(section).toContain('Dana Reyes, Head of AI Governance, dana.reyes@acme-insurance.example');
    expect(section).toContain('https://wiki.acme-insurance.example/ai/regulatory-register');
    expect(section).toContain('expired until 2026-10-31');
    expect(report).toMatch(/[1-9]\d* are attested, \d+ fail, \d+ lack evidence; \d+ need an attestation and \d+ a new one/);
    // Every demo attestation is signed by the one key on the demo's sealed trust list.
    expect(section).toContain('count (8 of 8)');
    expect(section.match(/trusted: acme-ai-governance-office/g)).toHaveLength(8);
    expect(section).toMatch(
      /Trusted attester keys, as sealed with the run \(<code>[0-9a-f]{16}<\/code>, read from <code>[^<]+<\/code>\): acme-ai-governance-office <code>8aa26ae721855cb4<\/code>\./,
    );
    // Where the sealed list was read from: the demo's folder (in AWS, the attestations bucket's S3 URI).
    expect(section).toContain(`read from <code>${DEMO_TRUSTED_ATTESTERS_DIR}</code>`);
    expect(section).not.toContain('not counted');
  });

  it('says how to verify', () => {
    const verify = sectionOf(report, 'verify');
    expect(verify).toContain('ai-evidence verify bundle.zip');
    expect(verify).toContain('sha256sum');
    expect(verify).toContain('manifest');
  });

  it('is a pure function of its input', () => {
    expect(renderReport(runs, options)).toBe(report);
    expect(renderReport([...runs], { ...options })).toBe(report);
    expect(renderReport(runs, { ...options, generatedAt: '2027-01-01T00:00:00.000Z' })).not.toBe(report);
  });

  it('leads with the framework asked for', () => {
    const first = (doc: string, a: string, b: string) => {
      const posture = sectionOf(doc, 'posture');
      expect(posture).toContain(a);
      expect(posture).toContain(b);
      expect(posture.indexOf(a)).toBeLessThan(posture.indexOf(b));
    };
    const caf = renderReport(runs, { ...options, framework: 'caf-ai' });
    first(caf, cafAi.title, nistAiRmf.title);
    const eu = renderReport(runs, { ...options, framework: 'eu-ai-act' });
    first(eu, euAiAct.title, owaspLlm.title);
    expect(sectionOf(eu, 'trend')).toContain(`${euAiAct.title}: requirements with automated evidence`);
    expect(sectionOf(caf, 'trend')).toContain(`${cafAi.title}: requirements with automated evidence`);
    const rmf = renderReport(runs, { ...options, framework: 'nist-ai-rmf' });
    expect(rmf).toBe(report);
    first(rmf, nistAiRmf.title, cafAi.title);
    expect(sectionOf(rmf, 'trend')).toContain(`${nistAiRmf.title}: requirements with automated evidence`);
  });

  it('bounds the lists of a large run, worst findings first, and says where the rest is', { timeout: 60_000 }, () => {
    const run = latest(runs);
    // Enough copies that one control fails on more resources than it lists, and the failing findings alone fill the table.
    const copies = 300;
    const findings = Array.from({ length: copies }, (_, i) =>
      run.findings.map((f) => ({
        ...f,
        key: `${f.key}#${i}`,
        finding: { ...f.finding, resource: { ...f.finding.resource, id: `${f.finding.resource.id}/copy-${i}` } },
      })),
    ).flat();
    const large = renderReport([{ ...run, findings }], options);
    const evidence = sectionOf(large, 'evidence');
    const rows = evidence.match(/<tr><td><code>[a-z0-9_]+<\/code><\/td><td><span class="badge"/g) ?? [];
    expect(rows).toHaveLength(MAX_EVIDENCE_ROWS_PER_RUN);
    expect(evidence).toContain(`${findings.length - MAX_EVIDENCE_ROWS_PER_RUN} more findings`);
    // Failing findings come first.
    expect(findings.filter((f) => f.finding.status === 'FAIL').length).toBeGreaterThan(MAX_EVIDENCE_ROWS_PER_RUN);
    expect(evidence.match(/background:#c62828">Fail</g)).toHaveLength(MAX_EVIDENCE_ROWS_PER_RUN);

    const failing = sectionOf(large, 'failing');
    for (const id of new Set(run.findings.filter((f) => f.finding.status === 'FAIL').map((f) => f.finding.controlId))) {
      const count = findings.filter((f) => f.finding.controlId === id && f.finding.status === 'FAIL').length;
      const block = failing.slice(failing.indexOf(`id="control-${id}"`));
      const shown = Math.min(count, MAX_FAILING_RESOURCES_PER_CONTROL);
      expect(block).toContain(`<dt>Failing resources</dt><dd>${count}</dd>`);
      if (count > shown) expect(block).toContain(`${count - shown} more failing resources are in the bundle's findings.csv`);
    }
    expect(failing).toContain("more failing resources are in the bundle's findings.csv");
  });

  it('renders an empty range', () => {
    const empty = renderReport([], options);
    expect(empty).toContain('No runs in the range.');
    expect(empty).toContain('<h2>How to verify</h2>');
  });
});

describe('renderReport with markup in values from AWS', () => {
  let page: string;
  beforeAll(() => {
    page = renderReport(hostile, options);
  });

  it('the hostile run holds the markup in a finding, its evidence, a tag and a coverage error', () => {
    const run = latest(hostile);
    expect(run.findings.some((f) => f.finding.status === 'FAIL' && f.finding.resource.id.includes(HOSTILE_NAME))).toBe(true);
    expect(run.evidence.some((e) => e.bytes.includes(JSON.stringify(TAG_PAYLOAD)))).toBe(true);
    expect(run.manifest.coverage.some((c) => c.errors.some((e) => e.message.includes(MESSAGE_PAYLOAD)))).toBe(true);
  });

  it('shows it only as text', () => {
    for (const payload of [SCRIPT_PAYLOAD, IMG_PAYLOAD, TAG_PAYLOAD, MESSAGE_PAYLOAD, '<script>', '<img', '<svg onload']) {
      expect(page).not.toContain(payload);
    }
    expect(page).not.toMatch(/<script|<img/i);
    // No tag has an event handler: every `<` of the page starts a tag of the report's own.
    expect(page).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
    expect(sectionOf(page, 'failing')).toContain(escapeHtml(HOSTILE_NAME));
    expect(sectionOf(page, 'evidence')).toContain(escapeHtml(HOSTILE_NAME));
    // The tag is in the record's data, shown as JSON text.
    expect(sectionOf(page, 'evidence')).toContain(escapeHtml(JSON.stringify(TAG_PAYLOAD)));
    // And the Tagging API's tags of the resource, beside it, as text: value and key.
    expect(sectionOf(page, 'evidence')).toContain(`Tags: <code>${escapeHtml(`Owner=${TAG_PAYLOAD}`)}</code>`);
    expect(sectionOf(page, 'evidence')).toContain(`<code>${escapeHtml(`${IMG_PAYLOAD}=x`)}</code>`);
    expect(sectionOf(page, 'coverage')).toContain(escapeHtml(MESSAGE_PAYLOAD));
  });
});
