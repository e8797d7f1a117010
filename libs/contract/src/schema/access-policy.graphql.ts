import type { CapabilitySchema } from './capability-schema.js';

/** The city's access policy as peers may read it (DESIGN 3.3). */
export const ACCESS_POLICY_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "This city's effective access policy (read-only), and what it grants the caller's city. Any officer, from any city."
  accessPolicy: AccessPolicyView!
`,
  types: /* GraphQL */ `
"A city's access policy as it stands (config/policies/<city>.json, validated when the node starts): what it discloses to whom, evaluated by this city for every read of its data."
type AccessPolicyView @shareable {
  "The city whose policy it is."
  city: String!
  "The policy's version; every change is a new version, audited."
  version: Int!
  "The date it took effect (YYYY-MM-DD)."
  effectiveFrom: String!
  "What the policy says about itself, in words."
  description: String
  "Whom to contact about data this city holds (what a HIT_ONLY answer names)."
  contact: ContactPoint!
  "Fields disclosed at SUMMARY level."
  summaryFields: [String!]!
  "The rules, in order: the highest level any matching rule grants applies; no match means NONE."
  rules: [AccessPolicyRuleView!]!
  "Which cities may file which kinds of assistance request with this city."
  assistance: [AssistanceRuleView!]!
  "What the caller's city gets for each TLP level of a REGION-scoped report (recipient cities may get more)."
  grantsForCaller: [TlpGrant!]!
}

"One rule of an access policy: records of these TLP levels, to these cities (and roles), at this level."
type AccessPolicyRuleView @shareable {
  "What the rule is for, in words."
  description: String
  "The kind of record it covers (intelligence)."
  resource: String!
  "The TLP levels it covers."
  tlp: [Tlp!]!
  "The cities it grants to: city codes, * (every other city), @neighbours (the registry's neighbours) or @recipients (a report's named recipients)."
  cities: [String!]!
  "The roles it grants to (null: every role)."
  roles: [Role!]
  "What it grants."
  level: AccessLevel!
}

"Which cities may file which kinds of assistance request with this city (no rule for a city: it may file none)."
type AssistanceRuleView @shareable {
  "What the rule is for, in words."
  description: String
  "City codes, * (every other city) or @neighbours."
  cities: [String!]!
  "The kinds of request those cities may file here."
  kinds: [AssistanceKind!]!
}

"The level the caller's city gets for a REGION-scoped record of one TLP level."
type TlpGrant @shareable {
  "The TLP level."
  tlp: Tlp!
  "What the caller's city gets (its officers' roles may narrow it)."
  level: AccessLevel!
}
`,
};
