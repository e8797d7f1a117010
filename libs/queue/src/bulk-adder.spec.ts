import type { Queue } from 'bullmq';
import { BulkAdder } from './bulk-adder.js';

/** A queue that records each addBulk call (the adder's only use of it). */
function recordingQueue(fail = false) {
  const calls: string[][] = [];
  const queue = {
    addBulk: async (jobs: { data: { n: string } }[]) => {
      calls.push(jobs.map((j) => j.data.n));
      if (fail) throw new Error('queue down');
      return [];
    },
  } as unknown as Queue<{ n: string }>;
  return { queue, calls };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('BulkAdder', () => {
  it('sends the adds of one event-loop turn in one call', async () => {
    const { queue, calls } = recordingQueue();
    const adder = new BulkAdder(queue);
    await Promise.all([adder.add('j', { n: 'a' }, {}), adder.add('j', { n: 'b' }, {})]);
    await adder.add('j', { n: 'c' }, {});
    expect(calls).toEqual([['a', 'b'], ['c']]);
  });

  it('with a window, gathers adds made in later turns into the same call', async () => {
    const { queue, calls } = recordingQueue();
    const adder = new BulkAdder(queue, 40);
    const first = adder.add('j', { n: 'a' }, {});
    await turn();
    const second = adder.add('j', { n: 'b' }, {});
    await turn();
    expect(calls).toEqual([]);
    await Promise.all([first, second]);
    expect(calls).toEqual([['a', 'b']]);
  });

  it('sends a full batch at once without waiting for the window', async () => {
    const { queue, calls } = recordingQueue();
    const adder = new BulkAdder(queue, 10_000, 3);
    const started = Date.now();
    await Promise.all(['a', 'b', 'c'].map((n) => adder.add('j', { n }, {})));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(calls).toEqual([['a', 'b', 'c']]);
  });

  it("tells every caller of a failed call that its job was not added", async () => {
    const { queue } = recordingQueue(true);
    const adder = new BulkAdder(queue, 5);
    const results = await Promise.allSettled([adder.add('j', { n: 'a' }, {}), adder.add('j', { n: 'b' }, {})]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('flush sends what is waiting before its window ends (at shutdown), and the window does not send it again', async () => {
    const { queue, calls } = recordingQueue();
    const adder = new BulkAdder(queue, 10_000);
    const added = adder.add('j', { n: 'a' }, {});
    await turn();
    expect(calls).toEqual([]);
    await adder.flush();
    await added;
    expect(calls).toEqual([['a']]);
    await adder.flush();
    expect(calls).toEqual([['a']]);
  });
});
