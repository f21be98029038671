import type { ControlMetadata } from '../controls/types.js';
import cafAiData from './data/caf-ai-security.json' with { type: 'json' };
import euAiActData from './data/eu-ai-act.json' with { type: 'json' };
import isoData from './data/iso-42001-annex-a.json' with { type: 'json' };
import aiRmfData from './data/nist-ai-rmf-1.0.json' with { type: 'json' };
import owaspLlmData from './data/owasp-llm-top10-2025.json' with { type: 'json' };
import { euAiActMapping } from './mappings/eu-ai-act.js';
import { owaspLlmMapping } from './mappings/owasp-llm.js';
import type { ControlMapping } from './mappings/types.js';

/**
 * A requirement of a framework: an AI RMF subcategory, a CAF-AI capability, an ISO 42001 control,
 * an OWASP LLM risk, an EU AI Act article.
 */
export interface Requirement {
  readonly id: string;
  /** The group it is reported under: an AI RMF function, an ISO 42001 domain, the CAF-AI perspective. */
  readonly group: string;
  readonly text: string;
}

export interface Framework {
  readonly id: FrameworkId;
  readonly title: string;
  readonly source: string;
  readonly groups: readonly string[];
  readonly requirements: readonly Requirement[];
  /**
   * For a framework mapped by a table beside the catalog (OWASP LLM, EU AI Act): per requirement,
   * the controls that support it and how. Absent: the controls' metadata field
   * {@link MAPPING_FIELD} names maps them.
   */
  readonly mapping?: Readonly<Record<string, readonly ControlMapping[]>>;
}

export const FRAMEWORK_IDS = ['nist-ai-rmf', 'caf-ai', 'iso-42001', 'owasp-llm', 'eu-ai-act'] as const;
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];
export type { ControlMapping };

export const nistAiRmf: Framework = {
  id: 'nist-ai-rmf',
  title: 'NIST AI RMF 1.0',
  source: aiRmfData.framework,
  groups: aiRmfData.functions.map((f) => f.id),
  requirements: aiRmfData.subcategories.map((s) => ({ id: s.id, group: s.function, text: s.text })),
};

export const cafAi: Framework = {
  id: 'caf-ai',
  title: 'AWS CAF-AI security perspective',
  source: cafAiData.framework,
  groups: ['AI-enriched', 'Not enriched for AI'],
  requirements: cafAiData.capabilities.map((c) => ({
    id: c.id,
    group: c.enrichedForAI ? 'AI-enriched' : 'Not enriched for AI',
    text: `${c.name}: ${c.explanation}`,
  })),
};

export const iso42001: Framework = {
  id: 'iso-42001',
  title: 'ISO/IEC 42001:2023 Annex A',
  source: isoData.framework,
  groups: isoData.domains.map((d) => d.id),
  requirements: isoData.domains.flatMap((d) => d.controls.map((c) => ({ id: c.id, group: d.id, text: c.title }))),
};

export const owaspLlm: Framework = {
  id: 'owasp-llm',
  title: 'OWASP Top 10 for LLM Applications 2025',
  source: owaspLlmData.framework,
  groups: ['Risks'],
  requirements: owaspLlmData.risks.map((r) => ({ id: r.id, group: 'Risks', text: r.title })),
  mapping: owaspLlmMapping,
};

export const euAiAct: Framework = {
  id: 'eu-ai-act',
  title: 'EU AI Act (Regulation (EU) 2024/1689)',
  source: euAiActData.framework,
  groups: ['Articles'],
  requirements: euAiActData.articles.map((a) => ({ id: a.id, group: 'Articles', text: a.title })),
  mapping: euAiActMapping,
};

export const frameworks: readonly Framework[] = [nistAiRmf, cafAi, iso42001, owaspLlm, euAiAct];

/** Which control metadata field maps a control to each framework mapped in the controls' metadata. */
export const MAPPING_FIELD = { 'nist-ai-rmf': 'aiRmf', 'caf-ai': 'cafAi', 'iso-42001': 'iso42001' } as const;

/**
 * The ids of the catalog's controls that support a requirement, in catalog order: from the
 * framework's table where it has one, else from the controls' metadata.
 */
export function mappedControls(framework: Framework, catalog: readonly ControlMetadata[], requirementId: string): string[] {
  if (framework.mapping !== undefined) {
    const named = new Set((framework.mapping[requirementId] ?? []).map((m) => m.control));
    return catalog.filter((c) => named.has(c.id)).map((c) => c.id);
  }
  const field = MAPPING_FIELD[framework.id as keyof typeof MAPPING_FIELD];
  return catalog.filter((c) => c[field].includes(requirementId)).map((c) => c.id);
}

/** The requirements of a framework a control supports, in the framework's order. */
export function requirementsOf(framework: Framework, control: ControlMetadata): string[] {
  if (framework.mapping !== undefined) {
    const mapping = framework.mapping;
    return framework.requirements.filter((r) => (mapping[r.id] ?? []).some((m) => m.control === control.id)).map((r) => r.id);
  }
  return [...control[MAPPING_FIELD[framework.id as keyof typeof MAPPING_FIELD]]];
}
