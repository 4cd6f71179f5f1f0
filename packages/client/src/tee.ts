/**
 * Two iterators over one source, each seeing every item. Each branch keeps a queue of the source's
 * results it has not read yet; whichever branch is ahead pulls the source. The source is returned
 * (its request aborted) once both branches are left.
 */
export function tee<T>(source: AsyncIterator<T>): [AsyncGenerator<T>, AsyncGenerator<T>] {
  const queues: Array<Array<Promise<IteratorResult<T>>> | undefined> = [[], []];
  let open = 2;
  async function* branch(own: 0 | 1): AsyncGenerator<T> {
    let finished = false;
    try {
      for (;;) {
        let next = queues[own]?.shift();
        if (!next) {
          next = source.next();
          const other = queues[1 - own];
          if (other) {
            // Stored for the other branch, which may never read it: mark it handled now.
            next.catch(() => {});
            other.push(next);
          }
        }
        const result = await next;
        if (result.done) break;
        yield result.value;
      }
      finished = true;
    } finally {
      queues[own] = undefined;
      if (--open === 0 && !finished) await source.return?.();
    }
  }
  return [branch(0), branch(1)];
}
