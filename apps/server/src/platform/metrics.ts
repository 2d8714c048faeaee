import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  requests: Counter<'surface' | 'operation' | 'code'>;
  duration: Histogram<'surface' | 'operation'>;
  reconciles: Counter<'kind' | 'result'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tessera_' });
  return {
    registry,
    requests: new Counter({
      name: 'tessera_requests_total',
      help: 'Requests served, by surface (sagemaker, rest), operation and result code',
      labelNames: ['surface', 'operation', 'code'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'tessera_request_duration_seconds',
      help: 'Time to answer a request, by surface and operation',
      labelNames: ['surface', 'operation'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers: [registry],
    }),
    reconciles: new Counter({
      name: 'tessera_reconciles_total',
      help: 'Reconcile steps taken, by resource kind and result (ok, requeue, error)',
      labelNames: ['kind', 'result'],
      registers: [registry],
    }),
  };
}
