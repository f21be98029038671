/** One read of {@link readAhead}: its bytes, or the error it failed with. */
export type ReadResult<T> = { item: T; bytes: Buffer; error?: undefined } | { item: T; bytes?: undefined; error: unknown };

/**
 * Reads `items` with `read`, keeping up to `inFlight` reads going, and yields each result in the
 * order of `items`. A failed read is yielded with its error when its turn comes, so the caller
 * decides whether it ends the walk. Memory holds at most `inFlight` results whatever the number of
 * items: a store walk costs one round trip per `inFlight` objects, not one per object.
 */
export async function* readAhead<T>(
  items: Iterable<T>,
  read: (item: T) => Promise<Buffer>,
  inFlight: number,
): AsyncGenerator<ReadResult<T>> {
  if (!Number.isInteger(inFlight) || inFlight < 1) throw new Error(`readAhead needs at least one read in flight (got ${inFlight}).`);
  const pending: Promise<ReadResult<T>>[] = [];
  const iterator = items[Symbol.iterator]();
  let exhausted = false;
  const fill = (): void => {
    while (!exhausted && pending.length < inFlight) {
      const next = iterator.next();
      if (next.done) {
        exhausted = true;
        return;
      }
      const item = next.value;
      // Settled here, so a failure waiting for its turn is never an unhandled rejection.
      pending.push(
        read(item).then(
          (bytes) => ({ item, bytes }),
          (error: unknown) => ({ item, error }),
        ),
      );
    }
  };
  fill();
  while (pending.length > 0) {
    const result = await (pending.shift() as Promise<ReadResult<T>>);
    fill();
    yield result;
  }
}
