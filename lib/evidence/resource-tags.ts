/**
 * Resource tags as context: what the `tagging.ai-resources` collector sealed, turned into a map of
 * resource ARN to tags for the readers of a run (the report, findings.csv, the ASFF findings). Tags
 * are never judged: no control reads them, so a finding's verdict does not depend on them. Pure: no
 * I/O, the same records give the same map.
 */
import type { EvidenceRecord } from './record.js';

/** The id of the collector whose records hold the tags (lib/collectors/tagging-ai-resources.ts). */
export const TAGGING_COLLECTOR = 'tagging.ai-resources';

/** One resource's tags, key to value, as AWS returned them. */
export type ResourceTags = Readonly<Record<string, string>>;

/** Resource ARN to its tags, for one run. */
export type RunTags = ReadonlyMap<string, ResourceTags>;

/**
 * Whether the canonical bytes of an evidence record may be a tagging record: a cheap test that lets
 * a reader skip parsing every other record. A record whose data merely contains the text passes it
 * too; {@link tagsOfRecord} then decides.
 */
export function mayBeTaggingRecord(text: string | Buffer): boolean {
  return text.includes(`"collector":"${TAGGING_COLLECTOR}"`);
}

/**
 * The resource and tags a tagging record holds (its data is a ResourceTagMapping of GetResources:
 * `ResourceARN` and `Tags`, a list of `{ Key, Value }`), or undefined for any other record. An entry
 * without a string Key is skipped; a missing Value is the empty string; a key given twice keeps its
 * first value.
 */
export function tagsOfRecord(record: EvidenceRecord): { arn: string; tags: ResourceTags } | undefined {
  if (record.source.collector !== TAGGING_COLLECTOR) return undefined;
  const data = record.data as { Tags?: unknown };
  const tags: Record<string, string> = {};
  if (Array.isArray(data.Tags)) {
    for (const entry of data.Tags) {
      if (entry === null || typeof entry !== 'object') continue;
      const { Key, Value } = entry as { Key?: unknown; Value?: unknown };
      if (typeof Key !== 'string' || Key === '' || Object.hasOwn(tags, Key)) continue;
      tags[Key] = typeof Value === 'string' ? Value : '';
    }
  }
  return { arn: record.resource.id, tags };
}

/** Gathers a run's tags one evidence record at a time (any record may be given; only tagging records count). */
export class RunTagsBuilder {
  private readonly tags = new Map<string, ResourceTags>();

  add(record: EvidenceRecord): void {
    const found = tagsOfRecord(record);
    // Two records of one ARN (the same resource read twice) merge; the first value of a key stays.
    if (found !== undefined) this.tags.set(found.arn, { ...found.tags, ...this.tags.get(found.arn) });
  }

  finish(): RunTags {
    return this.tags;
  }
}

/** The tags of every resource the records name: ARN to tags. */
export function runTags(records: Iterable<EvidenceRecord>): RunTags {
  const builder = new RunTagsBuilder();
  for (const record of records) builder.add(record);
  return builder.finish();
}

/**
 * Tag keys that name who answers for a resource, in the order they are preferred. A key matches
 * whatever its case and its separators (`Owner`, `owner`, `cost-center`, `Cost_Center`).
 */
export const OWNER_TAG_KEYS = ['owner', 'team', 'contact', 'costcenter'] as const;

function ownerRank(key: string): number {
  const rank = (OWNER_TAG_KEYS as readonly string[]).indexOf(key.toLowerCase().replace(/[-_ ]/g, ''));
  return rank === -1 ? OWNER_TAG_KEYS.length : rank;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The keys of `tags`, owner-like first (in {@link OWNER_TAG_KEYS} order), then the rest; ties by key. */
export function tagKeysOwnerFirst(tags: ResourceTags): string[] {
  return Object.keys(tags).sort((a, b) => ownerRank(a) - ownerRank(b) || compare(a, b));
}

/** The owner-like tag of a resource: the first of {@link OWNER_TAG_KEYS} present with a value that is not blank. */
export function ownerTag(tags: ResourceTags | undefined): { key: string; value: string } | undefined {
  if (tags === undefined) return undefined;
  for (const key of tagKeysOwnerFirst(tags)) {
    if (ownerRank(key) === OWNER_TAG_KEYS.length) break;
    const value = tags[key] as string;
    if (value.trim() !== '') return { key, value };
  }
  return undefined;
}

/** Every tag as `key=value`, sorted by key (code unit order), joined by `; `; the empty string for none. */
export function tagPairs(tags: ResourceTags | undefined): string {
  if (tags === undefined) return '';
  return Object.keys(tags)
    .sort(compare)
    .map((key) => `${key}=${tags[key]}`)
    .join('; ');
}
