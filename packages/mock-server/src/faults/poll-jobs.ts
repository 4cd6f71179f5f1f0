/** A long request answered by 303: its completion waits behind a number of "not ready yet" polls. */
interface PollJob {
  pendingPolls: number;
  /** The completion's JSON text, sent by the first poll that finds it ready (and every later one). */
  body: string;
  expiresAt: number;
}

const TTL_MS = 10 * 60_000;
const MAX_JOBS = 1_000;

export type PollAnswer = { state: "pending" } | { state: "ready"; body: string } | { state: "unknown" };

export class PollJobs {
  private readonly jobs = new Map<string, PollJob>();

  create(body: string, pendingPolls: number, now = Date.now()): string {
    this.sweep(now);
    const id = crypto.randomUUID();
    this.jobs.set(id, { pendingPolls, body, expiresAt: now + TTL_MS });
    if (this.jobs.size > MAX_JOBS) {
      const oldest = this.jobs.keys().next().value;
      if (oldest !== undefined) this.jobs.delete(oldest);
    }
    return id;
  }

  poll(id: string, now = Date.now()): PollAnswer {
    const job = this.jobs.get(id);
    if (!job || job.expiresAt < now) return { state: "unknown" };
    if (job.pendingPolls > 0) {
      job.pendingPolls--;
      return { state: "pending" };
    }
    return { state: "ready", body: job.body };
  }

  private sweep(now: number): void {
    for (const [id, job] of this.jobs) if (job.expiresAt < now) this.jobs.delete(id);
  }
}
