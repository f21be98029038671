/**
 * `JSON.stringify(value, null, indent)` in pieces: containers down to `maxDepth` are walked and
 * their members yielded one by one, so that a large document can be written (or hashed) without
 * its whole text ever being one string. The pieces joined are exactly JSON.stringify's text.
 */
export function* jsonChunks(value: unknown, indent = 2, maxDepth = 5, depth = 0): Generator<string> {
  const pad = ' '.repeat(indent * depth);
  const inner = ' '.repeat(indent * (depth + 1));
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
