import { residentIdCheckChar } from '../intelligence/identifiers.js';

export const DEMO_PASSWORD = 'yangtze-demo';

const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);

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

/** A handful of published demo reports per city: every TLP level appears somewhere in the region. */
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
      identifiers: [{ kind: 'PERSON_ID', value: withCheck('32120019850312123') }],
    });
  }
  return common;
}

/** The demo person id mentioned in Taizhou's RED report (for examples and tests). */
export const DEMO_RED_PERSON_ID = withCheck('32120019850312123');
