// The storm's HTTP client: what a careful integrator writes. Every failure that may be temporary (no
// connection, a timeout, a 5xx, a 429) is retried with the SAME body — so the same event and request ids —
// with exponential backoff, within a bounded number of attempts and a bounded total time. A 4xx is final.

export interface RetryPolicy {
  /** One attempt that takes longer is abandoned (and counted as a timeout). */
  attemptTimeoutMs: number;
  /** All attempts of one call together stop after this long. */
  budgetMs: number;
  maxAttempts: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attemptTimeoutMs: 15_000,
  budgetMs: 180_000,
  maxAttempts: 40,
  backoffInitialMs: 250,
  backoffMaxMs: 5_000,
};

export interface CallOutcome {
  /** The final status (0 when no attempt got an answer). */
  status: number;
  body: unknown;
  attempts: number;
  timeouts: number;
  /** From the first attempt's start to the final answer. */
  latencyMs: number;
  /** Why the last failed attempt failed, when the call never succeeded. */
  lastError?: string;
}

export class RetryingClient {
  /** Calls and attempts so far, for the summary. */
  readonly stats = { calls: 0, attempts: 0, timeouts: 0, networkErrors: 0, retriedStatuses: 0 };
  /** Attempts answered (any status) by each API replica. */
  readonly answeredBy: Record<string, number> = {};
  private readonly baseUrls: readonly string[];
  private next = 0;

  constructor(
    /** One API, or several replicas: each attempt goes to the next, as a round-robin load balancer sends it. */
    baseUrl: string | readonly string[],
    private readonly apiKey: string,
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
    /** No retry starts after this instant (the storm's own deadline). */
    private readonly deadline = Number.POSITIVE_INFINITY,
  ) {
    this.baseUrls = typeof baseUrl === 'string' ? [baseUrl] : baseUrl;
  }

  async call(method: string, path: string, body?: unknown): Promise<CallOutcome> {
    this.stats.calls++;
    const started = Date.now();
    const stopAt = Math.min(started + this.policy.budgetMs, this.deadline);
    let attempts = 0;
    let timeouts = 0;
    let lastError = '';
    let last: { status: number; body: unknown } = { status: 0, body: undefined };
    for (;;) {
      attempts++;
      this.stats.attempts++;
      const baseUrl = this.baseUrls[this.next++ % this.baseUrls.length];
      try {
        const res = await fetch(`${baseUrl}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${this.apiKey}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.policy.attemptTimeoutMs),
        });
        const text = await res.text();
        this.answeredBy[baseUrl] = (this.answeredBy[baseUrl] ?? 0) + 1;
        last = { status: res.status, body: parse(text) };
        if (!retryable(res.status)) {
          return { ...last, attempts, timeouts, latencyMs: Date.now() - started };
        }
        this.stats.retriedStatuses++;
        lastError = `HTTP ${res.status}`;
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'TimeoutError' || name === 'AbortError') {
          timeouts++;
          this.stats.timeouts++;
          lastError = `no answer in ${this.policy.attemptTimeoutMs} ms`;
        } else {
          this.stats.networkErrors++;
          lastError = ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
        }
      }
      const wait = Math.min(
        this.policy.backoffMaxMs,
        this.policy.backoffInitialMs * 2 ** Math.min(attempts - 1, 10),
      );
      const jittered = wait / 2 + Math.random() * (wait / 2);
      if (attempts >= this.policy.maxAttempts || Date.now() + jittered >= stopAt) {
        return { ...last, attempts, timeouts, latencyMs: Date.now() - started, lastError };
      }
      await new Promise((r) => setTimeout(r, jittered));
    }
  }
}

function retryable(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}
