import { Kind, parse } from 'graphql';
import { SHARED_CITY_TYPE_DEFS } from '@ypf/contract';
import { NOTICE_KINDS, NOTICE_PARAMS } from '@ypf/region';
import { hasChineseLabel, NOTICE_LABELS, NOTICE_TEMPLATES, noticeLabel, noticeText, valueLabel } from './i18n';

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

  it('has a template in both languages for every notice kind with parameters, using exactly its parameters', () => {
    expect(Object.keys(NOTICE_TEMPLATES).sort()).toEqual(Object.keys(NOTICE_PARAMS).sort());
    for (const [kind, names] of Object.entries(NOTICE_PARAMS)) {
      for (const lang of ['en', 'zh'] as const) {
        const used = [...NOTICE_TEMPLATES[kind as keyof typeof NOTICE_TEMPLATES][lang].matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect([kind, lang, [...new Set(used)].sort()]).toEqual([kind, lang, [...names].sort()]);
      }
    }
  });

  it('says a notice in the officer\'s language and Beijing time from its parameters, else gives the node\'s text', () => {
    const incoming = {
      kind: 'assistance.incoming',
      text: 'URGENT SPECIALIST_TEAM request from taizhou: "K9" (acknowledge by 2026-12-05T02:00:00.000Z)',
      params: [
        { name: 'priority', value: 'URGENT' },
        { name: 'requestKind', value: 'SPECIALIST_TEAM' },
        { name: 'from', value: 'taizhou' },
        { name: 'title', value: 'K9' },
        { name: 'ackDueAt', value: '2026-12-05T02:00:00.000Z' },
      ],
    };
    expect(noticeText('zh', incoming)).toBe('泰州发来紧急专业队伍请求：“K9”（请于 2026/12/5 10:00 前签收）');
    expect(noticeText('en', incoming)).toBe('URGENT SPECIALIST TEAM request from Taizhou 泰州: "K9" (acknowledge by 05/12/2026, 10:00)');
    expect(noticeText('zh', { ...incoming, params: [] })).toBe(incoming.text);
    expect(noticeText('zh', { kind: 'watch.ended', text: 'Watch entry x ended.', params: [] })).toBe('Watch entry x ended.');
  });

  it('shows a value without its Chinese label as readable words', () => {
    expect(valueLabel('zh', 'AMBER_STRICT')).toBe('TLP:AMBER+STRICT 仅本单位');
    expect(valueLabel('en', 'AMBER_STRICT')).toBe('AMBER STRICT');
  });
});
