import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Prometheus metrics for `GET /metrics`: request rates and latencies by route, plus process metrics. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Histogram({
    name: 'tutti_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const eventsIngested = new Counter({
    name: 'tutti_events_ingested_total',
    help: 'Events taken in, by outcome (accepted, duplicate, rejected)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });

  function observe(req: Request, res: Response, next: NextFunction): void {
    const end = requests.startTimer();
    res.once('finish', () => {
      // The route pattern, not the URL: customer ids must not become label values.
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  }

  return { registry, observe, eventsIngested };
}

export type Metrics = ReturnType<typeof createMetrics>;
