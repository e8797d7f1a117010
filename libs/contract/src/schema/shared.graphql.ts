import type { CapabilitySchema } from './capability-schema.js';

/** The vocabulary every capability speaks: roles, access levels, TLP, crime categories, identifiers, contact points, and the city's own name on CityNode. */
export const SHARED_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  code: String!
  nameEn: String!
  nameZh: String!
`,
  types: /* GraphQL */ `
enum Role { ANALYST LIAISON_OFFICER COORDINATOR COMMANDER SUPERVISOR AUDITOR ADMIN }

"What the data-owning city grants the caller: the whole record, a redacted summary, only that it exists and whom to ask, or nothing."
enum AccessLevel { FULL SUMMARY HIT_ONLY NONE }

"Traffic Light Protocol 2.0."
enum Tlp { CLEAR GREEN AMBER AMBER_STRICT RED }

"Crime categories only: the platform holds no category for ethnicity, religion, political opinion, petitioning or lawful speech."
enum CrimeCategory {
  DRUG_TRAFFICKING FRAUD TELECOM_FRAUD CYBERCRIME ORGANISED_CRIME HUMAN_TRAFFICKING THEFT_ROBBERY
  VIOLENT_CRIME FIREARMS_EXPLOSIVES SMUGGLING ENVIRONMENTAL_CRIME ILLEGAL_GAMBLING MONEY_LAUNDERING
  PUBLIC_SAFETY_THREAT TERRORISM
}

enum IdentifierKind { PERSON_ID PASSPORT PHONE VEHICLE_PLATE EMAIL BANK_ACCOUNT IMEI SOCIAL_ACCOUNT }

type Identifier @shareable {
  kind: IdentifierKind!
  value: String!
}

input IdentifierInput {
  kind: IdentifierKind!
  value: String!
}

type ContactPoint @shareable {
  city: String!
  unit: String!
  phone: String
  email: String
}

"The officer of the calling node a live check is made for."
input WatchCheckOfficerInput {
  sub: String!
  roles: [Role!]!
  purpose: String!
}
`,
};
