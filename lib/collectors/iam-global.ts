import { guardedPages } from './list-describe.js';

/**
 * IAM is global: an account's policies are the same whichever region is asked. The IAM collectors
 * read them once per account, in this region (where IAM's control plane lives for the aws
 * partition), and read nothing elsewhere; the IAM controls judge an account in this region only,
 * and give INSUFFICIENT_EVIDENCE for an account whose run does not include it.
 */
export const IAM_HOME_REGION = 'us-east-1';

/** A page of an IAM listing (IAM pages with Marker and IsTruncated). */
export interface MarkerPage<Item> {
  items: readonly Item[] | undefined;
  Marker: string | undefined;
}

/**
 * Follows an IAM listing's pages into `into`. A Marker the listing already gave would make the SDK
 * paginator loop forever, so it is an InvalidResponseError; what was listed before is kept.
 */
export async function listMarked<Item>(operation: string, pages: AsyncIterable<MarkerPage<Item>>, into: Item[]): Promise<void> {
  for await (const page of guardedPages(operation, pages)) into.push(...(page.items ?? []));
}

/** Adapts an IAM SDK paginator to {@link MarkerPage}s. */
export async function* markerPages<Page extends { Marker?: string | undefined }, Item>(
  paginator: AsyncIterable<Page>,
  items: (page: Page) => readonly Item[] | undefined,
): AsyncIterable<MarkerPage<Item>> {
  for await (const page of paginator) yield { items: items(page), Marker: page.Marker };
}
