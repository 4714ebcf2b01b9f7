// Failures worth trying again later (a mail server or webhook receiver that is down), as
// opposed to mistakes in the workflow or the data, which fail the run at once.
export class RetryableError extends Error {}

export const maxAttempts = 5;

/** Exponential backoff: 30 s, 2 min, 8 min, 32 min. */
export function backoffMs(attempt: number): number {
  return 30_000 * 4 ** Math.max(0, attempt - 1);
}
