import { canonicalJson, sha256Hex } from '../evidence/canonical.js';
import { bedrockControls } from './area-bedrock.js';
import { governanceControls } from './area-governance.js';
import { sagemakerControls } from './area-sagemaker.js';
import { supportingControls } from './area-supporting.js';
import { type Control, type ControlMetadata, ControlMetadataSchema } from './types.js';

/** The catalog: every control, sorted by id. Each area of the catalog lists its own in area-<name>.ts. */
export const catalog: readonly Control[] = [...bedrockControls, ...sagemakerControls, ...governanceControls, ...supportingControls].sort(
  (a, b) => (a.id < b.id ? -1 : 1),
);

for (const control of catalog) ControlMetadataSchema.parse(metadataOf(control));

export function metadataOf(control: Control): ControlMetadata {
  const { evaluate: _evaluate, ...meta } = control;
  return meta;
}

/**
 * Identifies the catalog a run was judged with: the digest of every control's metadata. A run
 * records it so that re-evaluation can tell whether it uses the same catalog.
 */
export const catalogVersion: string = `sha256:${sha256Hex(canonicalJson(catalog.map(metadataOf))).slice(0, 16)}`;

export type { Control, ControlMetadata, EvaluationInput, Finding, FindingStatus, Severity } from './types.js';
