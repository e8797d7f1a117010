import { randomBytes } from 'node:crypto';
import { BlindIndex, blindIdentifiers, hashToCurve, IndexElementError } from './blind-index.js';

describe('blind indexes under each city\'s own key (oblivious PRF)', () => {
  const nanjing = new BlindIndex(randomBytes(32), 'nanjing');
  const wuxi = new BlindIndex(randomBytes(32), 'wuxi');
  const phone = { kind: 'PHONE', value: '13912345678' };

  it('gives the asking city exactly the owner\'s index, through a blinded evaluation', () => {
    const blinded = blindIdentifiers([phone, { kind: 'VEHICLE_PLATE', value: '苏A12345' }]);
    const [atNanjing] = blinded.finalize('nanjing', nanjing.evaluate(blinded.elements));
    expect(atNanjing).toBe(nanjing.token(phone.kind, phone.value));
    // The same blinded points, evaluated by another city, give that city's index, not Nanjing's.
    const [atWuxi] = blinded.finalize('wuxi', wuxi.evaluate(blinded.elements));
    expect(atWuxi).toBe(wuxi.token(phone.kind, phone.value));
    expect(atWuxi).not.toBe(atNanjing);
  });

  it('shows the evaluating city nothing it can link to the identifier: fresh points every time, none equal to H(x)', () => {
    const a = blindIdentifiers([phone]).elements[0];
    const b = blindIdentifiers([phone]).elements[0];
    expect(a).not.toBe(b);
    expect(a).not.toBe(hashToCurve(phone.kind, phone.value).subarray(1).toString('hex'));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('depends on kind and value, and changes with the key (a rotation)', () => {
    expect(nanjing.token('PHONE', '13912345678')).not.toBe(nanjing.token('PHONE', '13912345679'));
    expect(nanjing.token('PHONE', '13912345678')).not.toBe(nanjing.token('IMEI', '13912345678'));
    const key = randomBytes(32);
    expect(new BlindIndex(key, 'nanjing').token('PHONE', '1')).toBe(new BlindIndex(key, 'nanjing').token('PHONE', '1'));
    expect(new BlindIndex(key, 'nanjing').fingerprint).not.toBe(nanjing.fingerprint);
  });

  it('refuses to evaluate what is not a point of the curve, and a malformed answer', () => {
    // x = 5 is not on P-256 (5³ − 15 + b is not a square modulo p).
    let notOnCurve = '';
    for (let x = 1; !notOnCurve; x++) {
      const hex = x.toString(16).padStart(64, '0');
      try {
        nanjing.evaluate([hex]);
      } catch (e) {
        if (e instanceof IndexElementError) notOnCurve = hex;
      }
    }
    expect(() => nanjing.evaluate([notOnCurve])).toThrow(/is not a point of the curve/);
    expect(() => nanjing.evaluate(['zz'])).toThrow(/64 hex characters/);
    const blinded = blindIdentifiers([phone]);
    expect(() => blinded.finalize('nanjing', [])).toThrow(IndexElementError);
    expect(() => blinded.finalize('nanjing', ['nope'])).toThrow(/not an evaluation/);
  });
});
