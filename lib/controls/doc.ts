import type { Collector } from '../collectors/types.js';
import { cafAi, nistAiRmf } from '../frameworks/definitions.js';
import { AI_LAYERS, type Control } from './types.js';

/** Escapes a value for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

const list = (values: readonly string[]) => (values.length === 0 ? '–' : values.map(cell).join(', '));

/**
 * docs/CONTROLS.md, generated from the catalog's metadata so that it cannot drift from the code
 * (`npm run docs:controls` writes it; a test fails when it is stale).
 */
export function renderControlsDoc(catalog: readonly Control[], collectors: readonly Collector[], catalogVersion: string): string {
  const serviceOf = new Map(collectors.map((c) => [c.id, c.service]));
  const services = (c: Control) => [...new Set(c.collectors.map((id) => serviceOf.get(id) ?? id))].sort();
  const out: string[] = [];
  out.push('# Control catalog');
  out.push('');
  out.push('<!-- Generated from the catalog by `npm run docs:controls`; do not edit by hand. A test fails when it is stale. -->');
  out.push('');
  out.push(
    `${catalog.length} automated controls, catalog version \`${catalogVersion}\`. Each is one module in \`lib/controls/<id>.ts\`; ` +
      '`ai-evidence controls --json` prints the same metadata. Statuses: PASS, FAIL, NOT_APPLICABLE (the scope was read and ' +
      'holds no such resource), INSUFFICIENT_EVIDENCE (the evidence could not be read: never a PASS).',
  );
  out.push('');

  out.push('## CAF-AI security capabilities by part of the AI system');
  out.push('');
  out.push(
    'Controls per capability of the CAF-AI security perspective and per part of the system the seed protects (inputs, model, outputs).',
  );
  out.push('');
  out.push(`| capability | ${AI_LAYERS.join(' | ')} | controls |`);
  out.push(`|---|${AI_LAYERS.map(() => '---:').join('|')}|---:|`);
  for (const capability of cafAi.requirements) {
    const mapped = catalog.filter((c) => c.cafAi.includes(capability.id));
    const perLayer = AI_LAYERS.map((layer) => mapped.filter((c) => c.aiLayers.includes(layer)).length);
    out.push(`| ${capability.id} | ${perLayer.join(' | ')} | ${mapped.length} |`);
  }
  out.push('');

  out.push('## NIST AI RMF 1.0 subcategories with automated evidence');
  out.push('');
  const rmfMapped = nistAiRmf.requirements.filter((r) => catalog.some((c) => c.aiRmf.includes(r.id)));
  out.push(
    `${rmfMapped.length} of ${nistAiRmf.requirements.length} subcategories have controls; the others rest on signed attestations ` +
      '(`ai-evidence attest`), and every one appears in every framework report.',
  );
  out.push('');
  out.push('| subcategory | controls |');
  out.push('|---|---|');
  for (const r of rmfMapped) {
    out.push(
      `| ${r.id} | ${catalog
        .filter((c) => c.aiRmf.includes(r.id))
        .map((c) => c.id)
        .join(', ')} |`,
    );
  }
  out.push('');

  out.push('## Controls');
  out.push('');
  out.push('| control | title | severity | sources | AI RMF | CAF-AI | ISO 42001 | parts | Security Hub | Config rule |');
  out.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const c of catalog) {
    out.push(
      `| [${c.id}](#${c.id}) | ${cell(c.title)} | ${c.severity} | ${list(services(c))} | ${list(c.aiRmf)} | ${list(c.cafAi)} | ` +
        `${list(c.iso42001)} | ${list(c.aiLayers)} | ${list(c.securityHubControls)} | ${list(c.configRules)} |`,
    );
  }
  out.push('');

  out.push('## Read-only permissions');
  out.push('');
  out.push(
    'The collectors call exactly these actions (each declares its own in `lib/collectors`; the deployment derives the ' +
      'member-account role from the same list). With `sts:GetCallerIdentity` for the CLI, this policy is all `assess` needs:',
  );
  out.push('');
  const actions = [...new Set(['sts:GetCallerIdentity', ...collectors.flatMap((c) => c.actions)])].sort();
  out.push('```json');
  out.push(
    JSON.stringify(
      { Version: '2012-10-17', Statement: [{ Sid: 'AiEvidenceReadOnly', Effect: 'Allow', Action: actions, Resource: '*' }] },
      null,
      2,
    ),
  );
  out.push('```');
  out.push('');
  out.push('## Details');
  for (const c of catalog) {
    out.push('');
    out.push(`### ${c.id}`);
    out.push('');
    out.push(
      `**${c.title}** (${c.severity}, version ${c.version}; judges \`${c.resourceType}\` from ${c.collectors.map((id) => `\`${id}\``).join(', ')})`,
    );
    out.push('');
    out.push(`Why: ${c.rationale}`);
    out.push('');
    out.push(`Fix: ${c.remediation}`);
  }
  out.push('');
  return out.join('\n');
}
