import { CityJobWorker, JobRegistry } from './job-registry.js';
import type { NodeConfig } from '../config/node-config.js';

describe('the job registry (one job shape)', () => {
  it('refuses a second handler for a job, and a start while a scheduled or enqueued job has none', () => {
    const registry = new JobRegistry();
    registry.register('maintenance', 'watch.sweep', async () => ({}));
    expect(() => registry.register('maintenance', 'watch.sweep', async () => ({}))).toThrow('job watch.sweep on the maintenance queue already has a handler');
    // The same name on another queue is another job.
    registry.register('delivery', 'watch.sweep', async () => ({}));
    registry.expect('maintenance', 'watch.sweep', 'the watch-sweep schedule');
    registry.expect('assistance', 'assistance.sla-due', 'AssistanceService.scheduleSla');
    expect(registry.missing()).toEqual(['assistance/assistance.sla-due (AssistanceService.scheduleSla)']);
    expect(() => registry.onApplicationBootstrap()).toThrow(/^jobs without a handler: assistance\/assistance.sla-due \(AssistanceService.scheduleSla\)\. Register one/);
    registry.register('assistance', 'assistance.sla-due', async () => 1);
    expect(() => registry.onApplicationBootstrap()).not.toThrow();
  });

  it('runs the handler of the job named, for its own city only', async () => {
    const registry = new JobRegistry();
    const seen: unknown[] = [];
    registry.register<{ city: string; messageId: string }>('delivery', 'delivery.send', async (data, job) => {
      seen.push([data.messageId, job.attemptsMade]);
      return 'sent';
    });
    class Worker extends CityJobWorker {
      protected readonly queueName = 'delivery';
    }
    const worker = new Worker(registry, { city: 'wuxi' } as NodeConfig);
    const job = (name: string, data: Record<string, unknown>) => ({ name, data, attemptsMade: 2 }) as never;
    await expect(worker.process(job('delivery.send', { city: 'wuxi', messageId: 'm1' }))).resolves.toBe('sent');
    expect(seen).toEqual([['m1', 2]]);
    await expect(worker.process(job('delivery.send', { city: 'suzhou', messageId: 'm2' }))).rejects.toThrow('job for suzhou reached the wuxi node');
    await expect(worker.process(job('delivery.other', { city: 'wuxi' }))).rejects.toThrow('unknown delivery job delivery.other');
    expect(seen).toHaveLength(1);
  });
});
