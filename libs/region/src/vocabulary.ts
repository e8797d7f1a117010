/**
 * The region's shared vocabulary: the values every city, capability and the console use alike (issue 18: each lived
 * in whichever capability defined it first, and the console kept copies). Pure data: the console bundles this file.
 */

/** Crime categories only: no category for ethnicity, religion, political opinion, petitioning or lawful speech. */
export const CRIME_CATEGORIES = [
  'DRUG_TRAFFICKING', 'FRAUD', 'TELECOM_FRAUD', 'CYBERCRIME', 'ORGANISED_CRIME', 'HUMAN_TRAFFICKING', 'THEFT_ROBBERY',
  'VIOLENT_CRIME', 'FIREARMS_EXPLOSIVES', 'SMUGGLING', 'ENVIRONMENTAL_CRIME', 'ILLEGAL_GAMBLING', 'MONEY_LAUNDERING',
  'PUBLIC_SAFETY_THREAT', 'TERRORISM',
] as const;
export type CrimeCategory = (typeof CRIME_CATEGORIES)[number];

/** What an identifier is (each has its own normalisation: apps/city-node/src/core/identifiers.ts). */
export const IDENTIFIER_KINDS = ['PERSON_ID', 'PASSPORT', 'PHONE', 'VEHICLE_PLATE', 'EMAIL', 'BANK_ACCOUNT', 'IMEI', 'SOCIAL_ACCOUNT'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** How urgent a request or task is (assistance requests, contingency plans' tasks). */
export const PRIORITIES = ['IMMEDIATE', 'URGENT', 'ROUTINE'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** The early-warning scale, lowest first (campaigns and alerts). */
export const WARNING_LEVELS = ['BLUE', 'YELLOW', 'ORANGE', 'RED'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];
export const levelRank = (l: WarningLevel | null | undefined): number => (l ? WARNING_LEVELS.indexOf(l) + 1 : 0);
