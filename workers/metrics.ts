// Prometheus metrics of a process (its own registry, never prom-client's global one): queue depths by state.
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { QUEUES } from './jobs.ts';
import type { Queues } from './queues.ts';

export function createMetrics(queues: Queues): { registry: Registry } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kuzet_' });
  new Gauge({
    name: 'kuzet_queue_jobs',
    help: 'BullMQ jobs by queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const q of QUEUES) {
        const counts = await queues.get(q).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
        for (const [state, n] of Object.entries(counts)) this.set({ queue: q, state }, n);
      }
    },
  });
  return { registry };
}
