/**
 * Runs reads one after another and gives their results in order, as
 * Promise.all would: for reads inside an interactive transaction, whose one
 * connection runs one query at a time anyway. Sent at once, the queries would
 * queue on the connection, which pg deprecates (an error from pg 9 on).
 */
export async function inTurn<T extends unknown[]>(reads: { [K in keyof T]: () => PromiseLike<T[K]> }): Promise<T> {
  const results: unknown[] = [];
  for (const read of reads as (() => PromiseLike<unknown>)[]) results.push(await read());
  return results as T;
}
