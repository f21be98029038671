import cafAiData from './data/caf-ai-security.json' with { type: 'json' };
import isoData from './data/iso-42001-annex-a.json' with { type: 'json' };
import aiRmfData from './data/nist-ai-rmf-1.0.json' with { type: 'json' };

/** A requirement of a framework: an AI RMF subcategory, a CAF-AI capability, an ISO 42001 control. */
export interface Requirement {
  readonly id: string;
  /** The group it is reported under: an AI RMF function, an ISO 42001 domain, the CAF-AI perspective. */
  readonly group: string;
  readonly text: string;
}

export interface Framework {
  readonly id: 'nist-ai-rmf' | 'caf-ai' | 'iso-42001';
  readonly title: string;
  readonly source: string;
  readonly groups: readonly string[];
  readonly requirements: readonly Requirement[];
}

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

export const frameworks: readonly Framework[] = [nistAiRmf, cafAi, iso42001];

/** Which control metadata field maps a control to each framework. */
export const MAPPING_FIELD = { 'nist-ai-rmf': 'aiRmf', 'caf-ai': 'cafAi', 'iso-42001': 'iso42001' } as const;
