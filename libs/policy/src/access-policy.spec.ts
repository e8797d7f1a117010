import { readFileSync } from 'node:fs';
import { AccessPolicy, PolicyError, scopeCap } from './access-policy.js';

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

  it('keeps RED with named recipients: others get nothing, not even that it exists', () => {
    expect(req('RED', 'wuxi', 'CITIES', ['suzhou'])).toBe('NONE');
    expect(req('RED', 'suzhou', 'CITIES', ['suzhou'])).toBe('FULL');
    expect(req('RED', 'wuxi', 'REGION')).toBe('NONE');
  });

  it('gives a non-recipient nothing of RED whatever the rules say, for every city and role', () => {
    const cities = ['nanjing', 'wuxi', 'changzhou', 'suzhou', 'nantong', 'yangzhou', 'zhenjiang', 'taizhou'];
    for (const city of cities) {
      const owner = AccessPolicy.loadFromDirectory('config/policies', city);
      for (const requesterCity of cities.filter((c) => c !== city)) {
        for (const role of ['ANALYST', 'LIAISON_OFFICER', 'COORDINATOR', 'COMMANDER', 'SUPERVISOR', 'AUDITOR', 'ADMIN'] as const) {
          for (const scope of ['CITIES', 'REGION'] as const) {
            const level = owner.evaluate({ resource: 'intelligence', tlp: 'RED', requesterCity, requesterRoles: [role], scope, recipientCities: ['__nobody__'] }).level;
            expect(`${city} → ${requesterCity} ${role} ${scope}: ${level}`).toBe(`${city} → ${requesterCity} ${role} ${scope}: NONE`);
          }
        }
      }
      expect(owner.grantsFor('__elsewhere__', ['SUPERVISOR']).find((g) => g.tlp === 'RED')).toEqual({ tlp: 'RED', level: 'NONE' });
    }
    // The cap itself, below any rule: RED never leaves for a non-recipient, whatever the scope.
    expect([scopeCap('REGION', 'RED', false), scopeCap('CITIES', 'RED', false), scopeCap('CITIES', 'RED', true)]).toEqual(['NONE', 'NONE', 'FULL']);
    expect([scopeCap('CITIES', 'AMBER_STRICT', false), scopeCap('OWN_CITY', 'GREEN', true)]).toEqual(['HIT_ONLY', 'NONE']);
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
    expect(() => AccessPolicy.parse(doc, 'taizhou')).toThrow(/rules\.0: grants TLP RED at FULL to "\*"/);
  });

  it.each([
    ['HIT_ONLY to every other city', { tlp: ['RED'], cities: ['*'], level: 'HIT_ONLY' }, /grants TLP RED at HIT_ONLY to "\*"/],
    ['SUMMARY to a named city', { tlp: ['RED'], cities: ['wuxi'], level: 'SUMMARY' }, /grants TLP RED at SUMMARY to "wuxi"/],
    ['HIT_ONLY to neighbours beside the recipients', { tlp: ['RED'], cities: ['@recipients', '@neighbours'], level: 'HIT_ONLY' }, /grants TLP RED at HIT_ONLY to "@neighbours"/],
    ['RED inside a rule for several levels', { tlp: ['AMBER', 'RED'], cities: ['*'], roles: ['SUPERVISOR'], level: 'SUMMARY' }, /grants TLP RED at SUMMARY to "\*"/],
  ])('refuses at start a rule giving non-recipients anything of RED (%s), naming the file and the rule', (_name, rule, message) => {
    const doc = taizhouDoc();
    doc.rules.splice(5, 0, { description: 'a bad rule', resource: 'intelligence', ...rule });
    const parse = () => AccessPolicy.parse(doc, 'taizhou', 'config/policies/taizhou.json');
    expect(parse).toThrow(PolicyError);
    expect(parse).toThrow(message);
    expect(parse).toThrow(/^Invalid access policy config\/policies\/taizhou\.json:\n {2}- rules\.5: rule "a bad rule" grants TLP RED/);
    expect(parse).toThrow(/TLP RED is for its named recipients only, so a rule may grant RED only to "@recipients"/);
  });

  it('accepts RED to "@recipients" at any level and NONE to anyone', () => {
    const doc = taizhouDoc();
    doc.rules.unshift(
      { resource: 'intelligence', tlp: ['RED'], cities: ['@recipients'], roles: ['ANALYST'], level: 'SUMMARY' },
      { resource: 'intelligence', tlp: ['CLEAR', 'RED'], cities: ['*'], roles: ['AUDITOR'], level: 'NONE' },
    );
    expect(AccessPolicy.parse(doc, 'taizhou').city).toBe('taizhou');
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
