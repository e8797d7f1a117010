import { LineSplitter, linePrefix, RingBuffer, stripAnsi } from './log-lines.js';

describe('LineSplitter', () => {
  it('emits whole lines across arbitrary chunk boundaries and holds back a partial line', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    s.push('first li');
    expect(lines).toEqual([]);
    s.push('ne\nsecond\r\nthi');
    expect(lines).toEqual(['first line', 'second']);
    s.push('rd\n\n');
    expect(lines).toEqual(['first line', 'second', 'third', '']);
    s.push('tail without newline');
    s.flush();
    expect(lines).toEqual(['first line', 'second', 'third', '', 'tail without newline']);
    s.flush();
    expect(lines).toHaveLength(5);
  });
});

describe('RingBuffer', () => {
  it('keeps only the most recent items', () => {
    const r = new RingBuffer(3);
    for (const i of [1, 2, 3, 4, 5]) r.push(String(i));
    expect(r.toArray()).toEqual(['3', '4', '5']);
    r.clear();
    expect(r.toArray()).toEqual([]);
  });
});

describe('linePrefix', () => {
  it('pads names so that columns line up', () => {
    expect(linePrefix('wuxi', 9, 0, false)).toBe('[wuxi]     ');
    expect(linePrefix('zhenjiang', 9, 0, false)).toBe('[zhenjiang]');
  });

  it('colours per process on a terminal, and the colour strips back to the plain prefix', () => {
    const coloured = linePrefix('taizhou', 9, 7, true);
    // eslint-disable-next-line no-control-regex -- the escape codes are what is tested
    expect(coloured).toMatch(/^\u001b\[\d+m\[taizhou\] *\u001b\[0m$/);
    expect(stripAnsi(coloured)).toBe(linePrefix('taizhou', 9, 7, false));
    expect(linePrefix('a', 1, 0, true)).not.toBe(linePrefix('a', 1, 1, true));
  });
});
