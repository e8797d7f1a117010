import { Semaphore } from './semaphore.js';

describe('Semaphore', () => {
  const tick = () => new Promise((r) => setImmediate(r));

  it('lets at most `permits` holders run, the rest in arrival order, and frees a permit when work fails', async () => {
    const s = new Semaphore(2);
    const started: number[] = [];
    const release: (() => void)[] = [];
    const runs = [0, 1, 2, 3].map((i) =>
      s.run(async () => {
        started.push(i);
        await new Promise<void>((r) => (release[i] = r));
        if (i === 0) throw new Error('work 0 failed');
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(s.state).toEqual({ held: 2, waiting: 2 });
    release[0]();
    await expect(runs[0]).rejects.toThrow('work 0 failed');
    await tick();
    expect(started).toEqual([0, 1, 2]);
    // a newcomer while others wait queues behind them
    const late = s.run(async () => (started.push(9), 9));
    release[1]();
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    release[2]();
    release[3]();
    expect(await Promise.all([runs[1], runs[2], runs[3], late])).toEqual([1, 2, 3, 9]);
    expect(started).toEqual([0, 1, 2, 3, 9]);
    expect(s.state).toEqual({ held: 0, waiting: 0 });
  });

  it('refuses a semaphore without permits', () => {
    expect(() => new Semaphore(0)).toThrow('at least one permit');
  });
});
