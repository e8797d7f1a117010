import { REGION_UTC_OFFSET_HOURS, regionToday } from '@ypf/common';
import { residentIdCheckChar } from '../../core/identifiers.js';
import type { CaseCount } from '../early-warning/case-csv.js';

export const DEMO_PASSWORD = 'yangtze-demo';

const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);

/** The demo person id mentioned in Taizhou's RED report (for examples and tests). */
export const DEMO_RED_PERSON_ID = withCheck('32120019850312123');

/** The demo person id mentioned in Taizhou's AMBER+STRICT report: a HIT_ONLY hit for cities other than Yangzhou. */
export const DEMO_AMBER_STRICT_PERSON_ID = withCheck('32120319790621456');

export interface DemoReport {
  key: string;
  title: string;
  summary: string;
  body: string;
  category: string;
  sourceReliability: string;
  informationCredibility: number;
  tlp: string;
  handlingConditions: string[];
  scope: 'OWN_CITY' | 'CITIES' | 'REGION';
  recipientCities: string[];
  identifiers: { kind: string; value: string }[];
}

/** A handful of published demo reports per city: GREEN and AMBER everywhere, RED and AMBER+STRICT at Taizhou. */
export function demoReports(city: string, nameEn: string): DemoReport[] {
  const common: DemoReport[] = [
    {
      key: 'green',
      title: `${nameEn}: telecom fraud call-centre pattern`,
      summary: 'Calls impersonating bank staff, moving victims\' savings to "safe accounts"; new script observed this month.',
      body: 'Victims receive calls from spoofed numbers claiming account freezes. Funds are moved through mule accounts within minutes. Public warning recommended.',
      category: 'TELECOM_FRAUD',
      sourceReliability: 'B',
      informationCredibility: 2,
      tlp: 'GREEN',
      handlingConditions: [],
      scope: 'REGION',
      recipientCities: [],
      identifiers: [],
    },
    {
      key: 'amber',
      title: `${nameEn}: synthetic drug distribution along the G2 expressway`,
      summary: 'Courier network moving synthetic drugs by private car between river cities.',
      body: 'Surveillance indicates weekly runs using a rotating set of vehicles; the courier uses the phone listed. Handle discreetly.',
      category: 'DRUG_TRAFFICKING',
      sourceReliability: 'C',
      informationCredibility: 3,
      tlp: 'AMBER',
      handlingConditions: ['PURPOSE_ONLY'],
      scope: 'REGION',
      recipientCities: [],
      identifiers: [
        { kind: 'PHONE', value: city === 'taizhou' ? '13912345678' : `1380000${String(1000 + city.length * 7).slice(0, 4)}` },
        { kind: 'VEHICLE_PLATE', value: city === 'taizhou' ? '苏M12345' : '苏A7K321' },
      ],
    },
  ];
  if (city === 'taizhou') {
    common.push({
      key: 'red',
      title: 'Taizhou: firearms supplier contact (RED)',
      summary: 'Named supplier of converted firearms; operation pending with Yangzhou.',
      body: 'Source reports the supplier meets buyers near the Yangzhou ferry terminal. Identity below. Do not act without contacting Taizhou intelligence desk.',
      category: 'FIREARMS_EXPLOSIVES',
      sourceReliability: 'B',
      informationCredibility: 2,
      tlp: 'RED',
      handlingConditions: ['PURPOSE_ONLY', 'NO_ONWARD_SHARING', 'NOT_FOR_COURT'],
      scope: 'CITIES',
      recipientCities: ['yangzhou'],
      identifiers: [{ kind: 'PERSON_ID', value: DEMO_RED_PERSON_ID }],
    });
    // AMBER+STRICT to a named recipient: the other cities learn only that it exists and whom to ask (HIT_ONLY), which
    // TLP RED never tells a city that is not a recipient.
    common.push({
      key: 'amber-strict',
      title: 'Taizhou: counterfeit medicine wholesaler (AMBER+STRICT)',
      summary: 'Wholesaler supplying counterfeit prescription medicine to pharmacies; checks under way with Yangzhou.',
      body: 'The wholesaler rents a warehouse in Gaogang and delivers by courier van. Identity below. Contact the Taizhou intelligence desk before any check.',
      category: 'SMUGGLING',
      sourceReliability: 'C',
      informationCredibility: 2,
      tlp: 'AMBER_STRICT',
      handlingConditions: ['PURPOSE_ONLY', 'NO_ONWARD_SHARING'],
      scope: 'CITIES',
      recipientCities: ['yangzhou'],
      identifiers: [{ kind: 'PERSON_ID', value: DEMO_AMBER_STRICT_PERSON_ID }],
    });
  }
  return common;
}


/** A few shareable specialist resources per city, available for the next 90 days. */
export function demoCatalogue(city: string, nameEn: string, now: Date) {
  const from = now.toISOString();
  const to = new Date(now.getTime() + 90 * 86_400_000).toISOString();
  const contact = `${nameEn} PSB command centre duty desk`;
  const byCity: Record<string, { key: string; resourceType: string; name: string; count: number; unit: string }[]> = {
    nanjing: [{ key: 'swat-1', resourceType: 'SWAT', name: 'Nanjing SWAT detachment', count: 2, unit: 'teams of 12' }, { key: 'cyber-lab', resourceType: 'CYBER_FORENSICS', name: 'Provincial-capital cyber forensics lab', count: 1, unit: 'lab' }],
    wuxi: [{ key: 'drones', resourceType: 'DRONE', name: 'Wuxi drone unit', count: 6, unit: 'drones with pilots' }],
    changzhou: [{ key: 'k9', resourceType: 'K9', name: 'Changzhou K9 unit', count: 8, unit: 'dog teams' }],
    suzhou: [{ key: 'swat-1', resourceType: 'SWAT', name: 'Suzhou special police', count: 3, unit: 'teams of 10' }, { key: 'eod', resourceType: 'EOD', name: 'Suzhou EOD team', count: 2, unit: 'teams' }],
    nantong: [{ key: 'marine', resourceType: 'MARINE', name: 'Nantong river police boats', count: 5, unit: 'patrol boats' }],
    yangzhou: [{ key: 'negotiators', resourceType: 'NEGOTIATOR', name: 'Yangzhou crisis negotiators', count: 4, unit: 'negotiators' }],
    zhenjiang: [{ key: 'vehicles', resourceType: 'SPECIAL_VEHICLE', name: 'Zhenjiang armoured vehicles', count: 2, unit: 'vehicles' }],
    taizhou: [{ key: 'forensics', resourceType: 'FORENSIC_LAB', name: 'Taizhou DNA laboratory', count: 1, unit: 'lab' }, { key: 'k9', resourceType: 'K9', name: 'Taizhou K9 unit', count: 4, unit: 'dog teams' }],
  };
  return (byCity[city] ?? []).map((e) => ({ ...e, description: `${e.name} (demo entry)`, contact, availability: [{ from, to }] }));
}

/** Three districts per city for the demo case statistics. */
export const DEMO_DISTRICTS: Record<string, string[]> = {
  nanjing: ['xuanwu', 'gulou', 'jianye'],
  wuxi: ['liangxi', 'binhu', 'xinwu'],
  changzhou: ['tianning', 'zhonglou', 'wujin'],
  suzhou: ['gusu', 'wuzhong', 'sip'],
  nantong: ['chongchuan', 'haimen', 'tongzhou'],
  yangzhou: ['guangling', 'hanjiang', 'jiangdu'],
  zhenjiang: ['jingkou', 'runzhou', 'dantu'],
  taizhou: ['hailing', 'gaogang', 'jiangyan'],
};

/**
 * 28 days of daily counts for two categories in each district, below every demo threshold (so the demo starts quiet
 * and a few more cases recorded by hand make a rule fire). Deterministic per city.
 */
export function demoCaseCounts(city: string, now: Date): CaseCount[] {
  let seed = [...city].reduce((n, ch) => n * 31 + ch.charCodeAt(0), 7) >>> 0;
  const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) % 1000) / 1000;
  // The last 00:00 Beijing time (the region's date, not the UTC date: they differ from 16:00 to 24:00 UTC).
  const midnight = Date.parse(`${regionToday(now)}T00:00:00Z`) - REGION_UTC_OFFSET_HOURS * 3_600_000;
  const rows: CaseCount[] = [];
  for (let d = 1; d <= 28; d++) {
    for (const area of DEMO_DISTRICTS[city] ?? ['ALL']) {
      const periodStart = new Date(midnight - d * 86_400_000).toISOString();
      rows.push({ category: 'THEFT_ROBBERY', area, periodStart, count: 1 + Math.floor(next() * 3) });
      rows.push({ category: 'TELECOM_FRAUD', area, periodStart, count: Math.floor(next() * 3) });
    }
  }
  return rows;
}
