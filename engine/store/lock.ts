// One writer at a time. better-sqlite3 transactions are synchronous, but a write may await
// (formulas are async); the lock makes sure no other write starts on the writer connection
// until the current transaction has committed or rolled back.
export class WriteLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
