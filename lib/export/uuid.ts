import { createHash } from 'node:crypto';

/**
 * The namespace of every name-based UUID ai-evidence derives. It is fixed forever: changing it would
 * change every exported identifier.
 */
export const AI_EVIDENCE_UUID_NAMESPACE = '82b1f43c-09ba-4df8-b243-b1e0e9c04fab';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A name-based UUID, version 5 (RFC 9562 section 5.5): SHA-1 over the namespace's 16 bytes and the
 * name's UTF-8, truncated to 16 bytes, with the version and variant bits set. The same name always
 * gives the same UUID, which is what makes an export reproducible.
 */
export function uuidV5(name: string, namespace: string = AI_EVIDENCE_UUID_NAMESPACE): string {
  if (!UUID.test(namespace)) throw new Error(`${namespace} is not a UUID.`);
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
