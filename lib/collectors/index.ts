import { TAGGING_COLLECTOR } from '../evidence/resource-tags.js';
import { bedrockCollectors } from './area-bedrock.js';
import { governanceCollectors } from './area-governance.js';
import { sagemakerCollectors } from './area-sagemaker.js';
import { supportingCollectors } from './area-supporting.js';
import type { Collector, CollectorMetadata } from './types.js';

/** Every collector, in the order a run calls them. Each area of the catalog lists its own in area-<name>.ts. */
export const collectors: readonly Collector[] = [
  ...sagemakerCollectors,
  ...bedrockCollectors,
  ...governanceCollectors,
  ...supportingCollectors,
];

const ids = new Set<string>();
for (const collector of collectors) {
  if (ids.has(collector.id)) throw new Error(`Two collectors have the id ${collector.id}.`);
  ids.add(collector.id);
}

/**
 * Collectors whose records are context, judged by no control (the catalog's controls name every
 * other collector): resource tags, shown beside findings.
 */
export const CONTEXT_COLLECTOR_IDS: ReadonlySet<string> = new Set([TAGGING_COLLECTOR]);

export type { ClientProvider, Collector, CollectorContext, CollectorMetadata, CollectorResult, ServiceName } from './types.js';

/** Every collector's metadata without its code, as lib/collectors/manifest.ts holds it. */
export function collectorManifest(list: readonly Collector[] = collectors): CollectorMetadata[] {
  return list.map(({ id, service, description, actions }) => ({ id, service, description, actions: [...actions] }));
}
