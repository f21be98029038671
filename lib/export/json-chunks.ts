/**
 * `JSON.stringify(value, null, indent)` in pieces: containers down to `maxDepth` are walked and
 * their members yielded one by one (and a {@link LazyList} of a synchronous iterable, at any depth,
 * element by element), so that a large document can be written (or hashed) without
 * its whole text ever being one string. The pieces joined are exactly JSON.stringify's text.
 */
export function* jsonChunks(value: unknown, indent = 2, maxDepth = 5, depth = 0): Generator<string> {
  const pad = ' '.repeat(indent * depth);
  const inner = ' '.repeat(indent * (depth + 1));
  if (value instanceof LazyList) {
    // Only a list of a synchronous iterable can be walked here; jsonStream takes either.
    let first = true;
    for (const element of value.elements as Iterable<unknown>) {
      yield `${first ? '[' : ','}\n${inner}`;
      first = false;
      const absent = element === undefined || typeof element === 'function' || typeof element === 'symbol';
      yield absent ? 'null' : (JSON.stringify(element, null, indent) ?? 'null').replaceAll('\n', `\n${inner}`);
    }
    yield first ? '[]' : `\n${pad}]`;
    return;
  }
  if (depth >= maxDepth || value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    // A string inside JSON text never holds a raw line break, so every line break is indentation.
    yield (JSON.stringify(value, null, indent) ?? 'null').replaceAll('\n', `\n${pad}`);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (const [i, element] of value.entries()) {
      yield `${i === 0 ? '' : ','}\n${inner}`;
      const absent = element === undefined || typeof element === 'function' || typeof element === 'symbol';
      if (absent) yield 'null';
      else yield* jsonChunks(element, indent, maxDepth, depth + 1);
    }
    yield `\n${pad}]`;
    return;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{';
  for (const [i, [key, member]] of entries.entries()) {
    yield `${i === 0 ? '' : ','}\n${inner}${JSON.stringify(key)}: `;
    yield* jsonChunks(member, indent, maxDepth, depth + 1);
  }
  yield `\n${pad}}`;
}

/**
 * An array member whose elements are produced while the document is written, by a (possibly
 * asynchronous) iterable, so that a list of a million elements is never held: {@link jsonStream}
 * writes each element as it comes. Everything else in the document is plain JSON data.
 */
export class LazyList<T = unknown> {
  constructor(readonly elements: Iterable<T> | AsyncIterable<T>) {}

  /** A lazy list stringified whole (below jsonChunks' maxDepth, say) would be written wrong: refuse. */
  toJSON(): never {
    throw new Error('A LazyList can only be written by jsonStream, or by jsonChunks above its maxDepth.');
  }
}

/**
 * `JSON.stringify(value, null, indent)` in pieces, where a {@link LazyList} stands for the array of
 * its elements: containers are walked member by member and each element of a lazy list is
 * stringified on its own as it is produced. The pieces joined are exactly JSON.stringify's text of
 * the same value with every lazy list replaced by an array of its elements.
 */
export async function* jsonStream(value: unknown, indent = 2, depth = 0): AsyncGenerator<string> {
  const pad = ' '.repeat(indent * depth);
  const inner = ' '.repeat(indent * (depth + 1));
  if (value instanceof LazyList) {
    let first = true;
    for await (const element of value.elements as AsyncIterable<unknown>) {
      yield `${first ? '[' : ','}\n${inner}`;
      first = false;
      const absent = element === undefined || typeof element === 'function' || typeof element === 'symbol';
      // A string inside JSON text never holds a raw line break, so every line break is indentation.
      yield absent ? 'null' : (JSON.stringify(element, null, indent) ?? 'null').replaceAll('\n', `\n${inner}`);
    }
    yield first ? '[]' : `\n${pad}]`;
    return;
  }
  if (value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    yield (JSON.stringify(value, null, indent) ?? 'null').replaceAll('\n', `\n${pad}`);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (const [i, element] of value.entries()) {
      yield `${i === 0 ? '' : ','}\n${inner}`;
      const absent = element === undefined || typeof element === 'function' || typeof element === 'symbol';
      if (absent) yield 'null';
      else yield* jsonStream(element, indent, depth + 1);
    }
    yield `\n${pad}]`;
    return;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{';
  for (const [i, [key, member]] of entries.entries()) {
    yield `${i === 0 ? '' : ','}\n${inner}${JSON.stringify(key)}: `;
    yield* jsonStream(member, indent, depth + 1);
  }
  yield `\n${pad}}`;
}
