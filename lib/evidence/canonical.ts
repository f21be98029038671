import { hash } from 'node:crypto';
import canonicalizeLibrary from 'canonicalize';

/**
 * Values built by {@link inCanonicalOrder}: every object in them has its keys in RFC 8785 order and
 * no key that JavaScript would reorder, so JSON.stringify of them is their canonical form.
 */
const canonicallyOrdered = new WeakSet<object>();

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export class CanonicalizationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CanonicalizationError';
  }
}

// Keys that are array indices ("0", "17") are enumerated by JavaScript in numeric order before all
// other keys, whatever the insertion order, so an object holding one cannot be laid out in RFC 8785
// order (which sorts by UTF-16 code units: "10" < "2").
const ARRAY_INDEX = /^(?:0|[1-9][0-9]{0,9})$/;

function compareUtf16(a: string, b: string): number {
  // JavaScript string comparison is by UTF-16 code units, which is what RFC 8785 section 3.2.3 asks.
  return a < b ? -1 : a > b ? 1 : 0;
}

// In a `u` regular expression a surrogate pair is one code point, so this matches lone surrogates only.
const LONE_SURROGATE = /[\ud800-\udfff]/u;

interface OrderState {
  reorderable: boolean;
  /** The keys and indices from the root down to the value being ordered; made into a path only for an error. */
  steps: (string | number)[];
}

function pathOf(state: OrderState): string {
  let path = '$';
  for (const step of state.steps) path += typeof step === 'number' ? `[${step}]` : `.${step}`;
  return path;
}

/** RFC 8785 takes I-JSON (RFC 7493) input, whose strings hold no lone surrogates. */
function checkString(text: string, state: OrderState, what = ''): void {
  if (LONE_SURROGATE.test(text)) {
    throw new CanonicalizationError(
      `The string at ${pathOf(state)}${what} holds a lone surrogate, which RFC 8785 (I-JSON) does not allow.`,
    );
  }
}

function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) return false;
  return true;
}

function order(value: unknown, state: OrderState): Json {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
      checkString(value, state);
      return value;
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) {
        throw new CanonicalizationError(`The value at ${pathOf(state)} is ${value}, which JSON cannot represent.`);
      }
      return value;
    case 'object':
      break;
    default:
      throw new CanonicalizationError(`The value at ${pathOf(state)} is of type ${typeof value}, which JSON cannot represent.`);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new CanonicalizationError(`The date at ${pathOf(state)} is invalid.`);
    return value.toISOString();
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      state.steps.push(i);
      const member = order(item === undefined ? null : item, state);
      state.steps.pop();
      return member;
    });
  }
  if (value instanceof Uint8Array) {
    return Buffer.from(value).toString('base64');
  }
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source);
  let defined = 0;
  for (const key of keys) if (source[key] !== undefined) keys[defined++] = key;
  keys.length = defined;
  // Objects that are already in order (e.g. parsed canonical JSON) skip the sort.
  if (!isSorted(keys)) keys.sort(compareUtf16);
  const out: { [key: string]: Json } = {};
  for (const key of keys) {
    const first = key.charCodeAt(0);
    if (first >= 0x30 && first <= 0x39 && ARRAY_INDEX.test(key)) state.reorderable = false;
    checkString(key, state, ' (a key)');
    state.steps.push(key);
    const member = order(source[key], state);
    state.steps.pop();
    // Assigning to "__proto__" would set the prototype and lose the member; define it as data.
    if (key === '__proto__') Object.defineProperty(out, key, { value: member, enumerable: true, writable: true, configurable: true });
    else out[key] = member;
  }
  return out;
}

/**
 * A deep copy of `value` as plain JSON in RFC 8785 key order: Dates become ISO-8601 strings, byte
 * arrays base64, undefined members are dropped; NaN, Infinity, functions and symbols are refused.
 * Build stored objects with this once, then {@link canonicalJson} serializes them at JSON.stringify speed.
 */
export function inCanonicalOrder<T = Json>(value: unknown): T {
  const state: OrderState = { reorderable: true, steps: [] };
  const result = order(value, state);
  if (state.reorderable && result !== null && typeof result === 'object') canonicallyOrdered.add(result);
  return result as T;
}

/**
 * RFC 8785 (JCS) serialization. Values made by {@link inCanonicalOrder} take the fast path through
 * JSON.stringify; anything else goes through a maintained JCS implementation.
 */
export function canonicalJson(value: unknown): string {
  if (value !== null && typeof value === 'object' && canonicallyOrdered.has(value)) {
    return JSON.stringify(value);
  }
  const text = canonicalizeLibrary(inCanonicalOrder(value));
  if (text === undefined) throw new CanonicalizationError('The value has no JSON representation.');
  return text;
}

/** Lower-case hex SHA-256 of bytes or of a UTF-8 string. */
export function sha256Hex(data: string | Uint8Array): string {
  // One-shot: no Hash object per call, which is most of the cost for objects of a few hundred bytes.
  return hash('sha256', data, 'hex');
}

/** True when `text` is exactly the RFC 8785 serialization of the JSON it holds. */
export function isCanonicalJson(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  try {
    return canonicalJson(inCanonicalOrder(parsed)) === text;
  } catch (error) {
    // JSON that no canonical text can hold, e.g. 1e400 (Infinity once parsed).
    if (error instanceof CanonicalizationError) return false;
    throw error;
  }
}
