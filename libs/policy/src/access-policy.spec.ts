import { readFileSync } from 'node:fs';
import { AccessPolicy, PolicyError } from './access-policy.js';

const taizhouDoc = () => JSON.parse(readFileSync('config/policies/taizhou.json', 'utf8'));
const analyst = ['ANALYST'] as const;

describe('AccessPolicy (Taizhou demo policy)', () => {
  const policy = AccessPolicy.parse(taizhouDoc(), 'taizhou');
  const req = (tlp: any, requesterCity: string, scope: any = 'REGION', recipientCities: string[] = []) =>
    policy.evaluate({ resource: 'intelligence', tlp, requesterCity, requesterRoles: [...analyst], scope, recipientCities }).level;

  it('shares AMBER in full with Yangzhou and Zhenjiang, summaries with the rest', () => {
    expect(req('AMBER', 'yangzhou')).toBe('FULL');
    expect(req('AMBER', 'zhenjiang')).toBe('FULL');
    expect(req('AMBER', 'wuxi')).toBe('SUMMARY');
  });

  it('keeps RED with named recipients: others learn only that it exists', () => {
    expect(req('RED', 'wuxi', 'CITIES', ['suzhou'])).toBe('HIT_ONLY');
    expect(req('RED', 'suzhou', 'CITIES', ['suzhou'])).toBe('FULL');
    expect(req('RED', 'wuxi', 'REGION')).toBe('HIT_ONLY');
  });

  it('never lets an OWN_CITY record leave, and caps non-recipients of a CITIES record at HIT_ONLY', () => {
    expect(req('GREEN', 'wuxi', 'OWN_CITY')).toBe('NONE');
    expect(req('GREEN', 'wuxi', 'CITIES', ['suzhou'])).toBe('HIT_ONLY');
    expect(req('GREEN', 'suzhou', 'CITIES', ['suzhou'])).toBe('FULL');
  });

  it('grants its own officers everything', () => {
    expect(req('RED', 'taizhou', 'OWN_CITY')).toBe('FULL');
  });
});

describe('AccessPolicy validation', () => {
  it('names the problem of a bad policy', () => {
    const doc = taizhouDoc();
    doc.rules[0].level = 'EVERYTHING';
    expect(() => AccessPolicy.parse(doc, 'taizhou', 'taizhou.json')).toThrow(/rules\.0\.level/);
  });

  it('refuses a policy written for another city', () => {
    expect(() => AccessPolicy.parse(taizhouDoc(), 'wuxi')).toThrow(PolicyError);
  });

  it('refuses RED in full to anyone but named recipients', () => {
    const doc = taizhouDoc();
    doc.rules.unshift({ resource: 'intelligence', tlp: ['RED'], cities: ['*'], level: 'FULL' });
    expect(() => AccessPolicy.parse(doc, 'taizhou')).toThrow(/RED may be granted FULL only/);
  });

  it('refuses body or identifiers as summary fields', () => {
    const doc = taizhouDoc();
    doc.summaryFields.push('body');
    expect(() => AccessPolicy.parse(doc, 'taizhou')).toThrow(/summaryFields/);
  });

  it('loads every shipped demo policy', () => {
    for (const city of ['nanjing', 'wuxi', 'changzhou', 'suzhou', 'nantong', 'yangzhou', 'zhenjiang', 'taizhou']) {
      expect(AccessPolicy.loadFromDirectory('config/policies', city).city).toBe(city);
    }
  });
});
