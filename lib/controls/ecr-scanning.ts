import type { SealedEvidence } from '../evidence/record.js';
import { wildcardMatch } from './agentcore-runtime-images.js';
import { field } from './supporting-helpers.js';

/** A registry scanning rule: how often the repositories its filters match are scanned. */
export interface ScanRule {
  frequency: string;
  filters: string[];
}

/** The registry's scan type and rules, or a problem when the record does not hold them. */
export function registryScanning(
  scanning: SealedEvidence | undefined,
): { ok: true; scanType: string; rules: ScanRule[] } | { ok: false; problem: string } {
  if (scanning === undefined) return { ok: false, problem: 'GetRegistryScanningConfiguration kept no record' };
  const scanType = field(scanning.record, 'scanningConfiguration.scanType');
  if (typeof scanType !== 'string') return { ok: false, problem: 'GetRegistryScanningConfiguration returned no scanType' };
  const raw = field(scanning.record, 'scanningConfiguration.rules') ?? [];
  if (!Array.isArray(raw)) return { ok: false, problem: 'GetRegistryScanningConfiguration returned rules that are not a list' };
  const rules = raw.map((r) => {
    const rule = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
    const filters = Array.isArray(rule.repositoryFilters)
      ? rule.repositoryFilters.map((f) => (f as Record<string, unknown> | null)?.filter).filter((f): f is string => typeof f === 'string')
      : [];
    return { frequency: String(rule.scanFrequency ?? ''), filters };
  });
  return { ok: true, scanType, rules };
}

/** The scan frequencies of the rules whose filters match a repository. */
export function frequenciesFor(rules: readonly ScanRule[], repository: string): Set<string> {
  return new Set(rules.filter((r) => r.filters.some((f) => wildcardMatch(f, repository))).map((r) => r.frequency));
}
