import { canonicalJson, sha256Hex } from '../evidence/canonical.js';
import { control as bedrockLoggingCapturesText } from './bedrock_model_invocation_logging_captures_text.js';
import { control as bedrockLoggingEnabled } from './bedrock_model_invocation_logging_enabled.js';
import { control as bedrockLoggingHasDestination } from './bedrock_model_invocation_logging_has_destination.js';
import { control as notebookDirectInternet } from './sagemaker_notebook_direct_internet_access_disabled.js';
import { control as notebookCmk } from './sagemaker_notebook_encrypted_with_cmk.js';
import { control as notebookVpc } from './sagemaker_notebook_in_vpc_subnet.js';
import { control as notebookRoot } from './sagemaker_notebook_root_access_disabled.js';
import { type Control, type ControlMetadata, ControlMetadataSchema } from './types.js';

/** The catalog: every control, sorted by id. */
export const catalog: readonly Control[] = [
  bedrockLoggingCapturesText,
  bedrockLoggingEnabled,
  bedrockLoggingHasDestination,
  notebookDirectInternet,
  notebookCmk,
  notebookVpc,
  notebookRoot,
].sort((a, b) => (a.id < b.id ? -1 : 1));

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
