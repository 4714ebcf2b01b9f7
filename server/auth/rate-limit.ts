// Login attempt limits, per account and per IP, in a sliding window held in memory.
import { RateLimited } from '../../engine/index.ts';

export class RateLimiter {
  private hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws RateLimited when `key` has used up its attempts. */
  check(key: string, what: string): void {
    const recent = this.recent(key);
    if (recent.length >= this.limit) {
      const retry = Math.ceil((recent[0]! + this.windowMs - this.now()) / 1000);
      throw new RateLimited(`Too many ${what}; try again in ${retry} seconds.`, Math.max(retry, 1));
    }
  }

  record(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.hits.set(key, recent);
    if (this.hits.size > 100_000) this.hits.clear();
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.hits.get(key) ?? []).filter((t) => t > since);
  }
}
