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
    yield* lazyListPieces(value.elements as Iterable<unknown>, indent, pad, inner);
    return;
  }
  if (depth >= maxDepth || value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    yield stringifiedAt(value, indent, pad);
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
      if (isAbsent(element)) yield 'null';
      else yield* jsonChunks(element, indent, maxDepth, depth + 1);
    }
    yield `\n${pad}]`;
    return;
  }
  const entries = Object.entries(value).filter(([, member]) => !isAbsent(member));
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

/** What JSON.stringify leaves out of an object and writes as null in an array. */
function isAbsent(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** A JSON value written whole, its lines indented to `pad` (a string in JSON text holds no raw line break, so every line break is indentation). */
function stringifiedAt(value: unknown, indent: number, pad: string): string {
  return (JSON.stringify(value, null, indent) ?? 'null').replaceAll('\n', `\n${pad}`);
}

/** The text a {@link LazyList} is written as, element by element, each element whole. */
function* lazyListPieces(elements: Iterable<unknown>, indent: number, pad: string, inner: string): Generator<string> {
  let first = true;
  for (const element of elements) {
    yield `${first ? '[' : ','}\n${inner}${isAbsent(element) ? 'null' : stringifiedAt(element, indent, inner)}`;
    first = false;
  }
  yield first ? '[]' : `\n${pad}]`;
}

/**
 * `JSON.stringify(value, null, indent)` in pieces, where a {@link LazyList} stands for the array of
 * its elements: containers are walked member by member and each element of a lazy list is
 * stringified on its own as it is produced. The pieces joined are exactly JSON.stringify's text of
 * the same value with every lazy list replaced by an array of its elements.
 *
 * One generator walks the whole document with a stack of its own (nested generators would pass
 * every piece up through each level, a promise per level), and pieces are joined into chunks of
 * about `chunkChars` characters before they are yielded.
 */
export async function* jsonStream(value: unknown, indent = 2, depth = 0, chunkChars = 1 << 16): AsyncGenerator<string> {
  /** Work still to do, last first: text to write as it is, or a value to write at a depth. */
  const stack: ({ text: string } | { value: unknown; depth: number })[] = [{ value, depth }];
  let out = '';
  while (stack.length > 0) {
    const work = stack.pop() as { text: string } | { value: unknown; depth: number };
    if ('text' in work) {
      out += work.text;
    } else {
      const v = work.value;
      const pad = ' '.repeat(indent * work.depth);
      const inner = ' '.repeat(indent * (work.depth + 1));
      if (v instanceof LazyList) {
        const elements = v.elements;
        if (Symbol.asyncIterator in elements) {
          let first = true;
          for await (const element of elements) {
            out += `${first ? '[' : ','}\n${inner}${isAbsent(element) ? 'null' : stringifiedAt(element, indent, inner)}`;
            first = false;
            if (out.length >= chunkChars) {
              yield out;
              out = '';
            }
          }
          out += first ? '[]' : `\n${pad}]`;
        } else {
          for (const piece of lazyListPieces(elements, indent, pad, inner)) {
            out += piece;
            if (out.length >= chunkChars) {
              yield out;
              out = '';
            }
          }
        }
      } else if (v === null || typeof v !== 'object' || typeof (v as { toJSON?: unknown }).toJSON === 'function') {
        out += stringifiedAt(v, indent, pad);
      } else if (Array.isArray(v)) {
        if (v.length === 0) out += '[]';
        else {
          out += '[';
          stack.push({ text: `\n${pad}]` });
          for (let i = v.length - 1; i >= 0; i--) {
            const element: unknown = v[i];
            stack.push(isAbsent(element) ? { text: 'null' } : { value: element, depth: work.depth + 1 });
            stack.push({ text: `${i === 0 ? '' : ','}\n${inner}` });
          }
        }
      } else {
        const entries = Object.entries(v).filter(([, member]) => !isAbsent(member));
        if (entries.length === 0) out += '{}';
        else {
          out += '{';
          stack.push({ text: `\n${pad}}` });
          for (let i = entries.length - 1; i >= 0; i--) {
            const [key, member] = entries[i] as [string, unknown];
            stack.push({ value: member, depth: work.depth + 1 });
            stack.push({ text: `${i === 0 ? '' : ','}\n${inner}${JSON.stringify(key)}: ` });
          }
        }
      }
    }
    if (out.length >= chunkChars) {
      yield out;
      out = '';
    }
  }
  if (out.length > 0) yield out;
}
