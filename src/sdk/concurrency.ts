/**
 * Maps an async iterable with at most `concurrency` calls in flight, yielding each result as
 * soon as it is ready (not in input order: a slow item never holds up the others, which keeps
 * every slot busy). When the consumer stops, no new calls start, and the generator returns once
 * the calls in flight have ended: a query that stopped early (a LIMIT) leaves no request behind.
 */
export async function* mapConcurrent<In, Out>(
  source: AsyncIterable<In> | Iterable<In>,
  concurrency: number,
  fn: (item: In) => Promise<Out>,
): AsyncGenerator<Out> {
  const iterator = (
    Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : toAsync(source)
  ) as AsyncIterator<In>;
  const running = new Map<number, Promise<{ id: number; value: Out }>>();
  let nextId = 0;
  let exhausted = false;
  try {
    for (;;) {
      while (!exhausted && running.size < concurrency) {
        const next = await iterator.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        const id = nextId++;
        const pending = fn(next.value).then((value) => ({ id, value }));
        pending.catch(() => {}); // observed by the race below
        running.set(id, pending);
      }
      if (running.size === 0) return;
      const { id, value } = await Promise.race(running.values());
      running.delete(id);
      yield value;
    }
  } finally {
    await Promise.allSettled(running.values());
    if (!exhausted) await iterator.return?.();
  }
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}
