import { Kind, parse } from 'graphql';
import { SHARED_CITY_TYPE_DEFS } from '@ypf/contract';
import { NOTICE_KINDS } from '@ypf/region';
import { hasChineseLabel, NOTICE_LABELS, noticeLabel, valueLabel } from './i18n';

/** Issue 17: the Chinese console showed raw codes (TLP levels, scopes, rule kinds, grades, notice kinds). */
describe('console words', () => {
  it('has a Chinese label for every enum value of the city schema', () => {
    const missing = parse(SHARED_CITY_TYPE_DEFS)
      .definitions.flatMap((d) => (d.kind === Kind.ENUM_TYPE_DEFINITION ? (d.values ?? []).map((v) => `${d.name.value}.${v.name.value}`) : []))
      .filter((name) => !hasChineseLabel(name.split('.')[1]));
    expect(missing).toEqual([]);
  });

  it('names every kind of notice a node writes, in both languages', () => {
    expect(Object.keys(NOTICE_LABELS).sort()).toEqual([...NOTICE_KINDS].sort());
    for (const kind of NOTICE_KINDS) {
      expect(noticeLabel('zh', kind)).toMatch(/\p{Script=Han}/u);
      expect(noticeLabel('en', kind)).not.toBe(kind);
    }
    expect(noticeLabel('zh', 'some.future.kind')).toBe('some.future.kind');
  });

  it('shows a value without its Chinese label as readable words', () => {
    expect(valueLabel('zh', 'AMBER_STRICT')).toBe('TLP:AMBER+STRICT 仅本单位');
    expect(valueLabel('en', 'AMBER_STRICT')).toBe('AMBER STRICT');
  });
});
