/**
 * Maps an async iterable with at most `concurrency` calls in flight, yielding results in input
 * order. When the consumer stops, no new calls start.
 */
export async function* mapConcurrent<In, Out>(
  source: AsyncIterable<In> | Iterable<In>,
  concurrency: number,
  fn: (item: In) => Promise<Out>,
): AsyncGenerator<Out> {
  const iterator = (
    Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : toAsync(source)
  ) as AsyncIterator<In>;
  const window: Array<Promise<Out>> = [];
  let exhausted = false;
  try {
    for (;;) {
      while (!exhausted && window.length < concurrency) {
        const next = await iterator.next();
        if (next.done) exhausted = true;
        else {
          const pending = fn(next.value);
          pending.catch(() => {}); // observed in order below
          window.push(pending);
        }
      }
      const head = window.shift();
      if (!head) return;
      yield await head;
    }
  } finally {
    if (!exhausted) await iterator.return?.();
  }
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}
