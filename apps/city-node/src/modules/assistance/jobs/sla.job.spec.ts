import { slaDueBy, slaDueJobId } from './sla.job.js';

describe('deadline checks, one per deadline second', () => {
  it('groups a deadline with the end of its second, and keeps one on the second', () => {
    expect(slaDueBy(new Date('2026-12-01T08:00:00.001Z')).toISOString()).toBe('2026-12-01T08:00:01.000Z');
    expect(slaDueBy(new Date('2026-12-01T08:00:00.999Z')).toISOString()).toBe('2026-12-01T08:00:01.000Z');
    expect(slaDueBy(new Date('2026-12-01T08:00:01.000Z')).toISOString()).toBe('2026-12-01T08:00:01.000Z');
  });

  it('names one job per kind and second, so a second scheduling of the same second adds nothing', () => {
    const second = new Date('2026-12-01T08:00:01.000Z');
    expect(slaDueJobId('ACK', second)).toBe(slaDueJobId('ACK', slaDueBy(new Date('2026-12-01T08:00:00.400Z'))));
    expect(slaDueJobId('ACK', second)).not.toBe(slaDueJobId('ANSWER', second));
    expect(slaDueJobId('ACK', second)).not.toBe(slaDueJobId('ACK', new Date('2026-12-01T08:00:02.000Z')));
    // BullMQ refuses ':' in custom job ids
    expect(slaDueJobId('ANSWER', second)).not.toContain(':');
  });
});
