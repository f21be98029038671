import { beforeAll, describe, expect, it } from 'vitest';
import { collectors } from '../../lib/collectors/index.js';
import { evaluate } from '../../lib/controls/evaluate.js';
import { catalog } from '../../lib/controls/index.js';
import type { Finding, FindingStatus } from '../../lib/controls/types.js';
import { demoEstate, estateClients, estateScopes, mergeEstate } from '../../lib/demo/estate.js';
import type { CoverageEntry } from '../../lib/evidence/coverage.js';
import { type SealedEvidence, sealEvidence } from '../../lib/evidence/record.js';
import { ownerTag, runTags } from '../../lib/evidence/resource-tags.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const NOW = new Date('2026-11-02T09:00:00.000Z');

/** Collects the demo estate with every collector and evaluates the catalog, as `assess --demo` does. */
async function judgeDemo(): Promise<{ findings: Finding[]; evidence: SealedEvidence[] }> {
  const scopes = estateScopes(demoEstate);
  const evidence: SealedEvidence[] = [];
  const coverage: CoverageEntry[] = [];
  for (const scope of scopes) {
    const clients = estateClients(demoEstate, scope.accountId);
    for (const collector of collectors) {
      const result = await collector.collect({ ...scope, clients, now: () => NOW });
      evidence.push(...result.records.map(sealEvidence));
      coverage.push(result.coverage);
    }
  }
  return { findings: evaluate(catalog, { scopes, evaluatedAt: NOW.toISOString(), evidence, coverage }), evidence };
}

/** Every lifecycle script the estate serves (base64 as the API returns it), with its decoded text. */
function demoLifecycleScripts(): { content: string; text: string }[] {
  const scripts: { content: string; text: string }[] = [];
  for (const regions of Object.values(demoEstate.accounts)) {
    for (const services of Object.values(regions)) {
      const described = services.sagemaker?.DescribeNotebookInstanceLifecycleConfig;
      if (described === undefined || !('answers' in described)) continue;
      for (const answer of Object.values(described.answers)) {
        if (!('output' in answer)) continue;
        for (const hook of ['OnCreate', 'OnStart']) {
          for (const script of (answer.output[hook] as { Content: string }[] | undefined) ?? []) {
            scripts.push({ content: script.Content, text: Buffer.from(script.Content, 'base64').toString('utf8') });
          }
        }
      }
    }
  }
  return scripts;
}

describe('the demo estate', () => {
  let findings: Finding[] = [];
  let evidence: SealedEvidence[] = [];
  beforeAll(async () => {
    ({ findings, evidence } = await judgeDemo());
  });

  const WANTED: FindingStatus[] = ['PASS', 'FAIL', 'INSUFFICIENT_EVIDENCE'];
  it.each(catalog.map((c) => c.id))('shows %s in PASS, FAIL and INSUFFICIENT_EVIDENCE', (id) => {
    // Act
    const statuses = new Set(findings.filter((f) => f.controlId === id).map((f) => f.status));
    // Assess
    expect(WANTED.filter((s) => !statuses.has(s))).toEqual([]);
  });

  it('seals no notebook lifecycle script: no record holds a script, its base64 or a line of it', () => {
    // Prepare
    const scripts = demoLifecycleScripts();
    const lines = scripts.flatMap((s) => s.text.split('\n').filter((line) => line.trim().length >= 12));
    // Act
    const sealed = evidence.map((e) => e.bytes).join('\n');
    // Assess: the estate has scripts (one with a credential), and none of their text was sealed.
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    expect(findings.some((f) => f.controlId === 'sagemaker_notebook_lifecycle_config_no_secrets' && f.status === 'FAIL')).toBe(true);
    for (const text of [...scripts.flatMap((s) => [s.content, s.text]), ...lines]) expect(sealed).not.toContain(text);
  });

  it('answers every call a collector makes, or refuses it as AWS would (no unknown operations)', () => {
    // Act: an operation the estate has no answer for shows as UnknownOperationException.
    const unknown = findings.filter((f) => f.reason.includes('UnknownOperationException'));
    // Assess
    expect(unknown.map((f) => `${f.controlId}: ${f.reason}`)).toEqual([]);
  });

  it('seals the tags of its AI resources, an Owner among them, each on a resource the catalog judges', () => {
    // Act
    const tags = runTags(evidence.map((e) => e.record));
    const judged = new Set(findings.map((f) => f.resource.id));
    // Assess
    expect(tags.size).toBeGreaterThanOrEqual(10);
    expect([...tags.values()].some((t) => ownerTag(t)?.key === 'Owner')).toBe(true);
    expect([...tags.keys()].filter((arn) => !judged.has(arn))).toEqual([]);
  });
});

describe('mergeEstate', () => {
  it('refuses a part that answers an operation the estate already answers', () => {
    // Prepare
    const [accountId, regions] = Object.entries(demoEstate.accounts)[0] ?? [];
    const region = Object.keys(regions ?? {})[0] ?? '';
    const part = { accounts: { [accountId ?? '']: { [region]: { bedrock: { GetModelInvocationLoggingConfiguration: { output: {} } } } } } };
    // Act / Assess
    expect(() => mergeEstate(demoEstate, part, 'part.json')).toThrow(/GetModelInvocationLoggingConfiguration.*twice.*part\.json/);
  });

  it('adds answers for new services and operations without touching the others', () => {
    // Prepare
    const part = { accounts: { '999988887777': { 'us-west-2': { iam: { ListPolicies: { output: { Policies: [] } } } } } } };
    // Act
    const merged = mergeEstate(demoEstate, part, 'part.json');
    // Assess
    expect(merged.accounts['999988887777']?.['us-west-2']?.iam?.ListPolicies).toEqual({ output: { Policies: [] } });
    expect(merged.accounts['111122223333']).toEqual(demoEstate.accounts['111122223333']);
    expect(demoEstate.accounts['999988887777']).toBeUndefined();
  });
});
