/**
 * The first `limit` items by `order`, kept as items arrive in any order. Ties keep their order of
 * arrival (as a stable sort of the whole list would).
 */
export class Smallest<T> {
  readonly items: T[] = [];
  total = 0;
  constructor(
    private readonly limit: number,
    private readonly order: (a: T, b: T) => number,
  ) {}

  add(item: T): void {
    this.total++;
    const { items } = this;
    if (items.length === this.limit && (this.limit === 0 || this.order(item, items[items.length - 1] as T) >= 0)) return;
    // Insert after every item that is not after it: the upper bound.
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.order(item, items[mid] as T) < 0) hi = mid;
      else lo = mid + 1;
    }
    items.splice(lo, 0, item);
    if (items.length > this.limit) items.pop();
  }
}
