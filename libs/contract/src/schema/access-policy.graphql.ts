import type { CapabilitySchema } from './capability-schema.js';

/** The city's access policy as peers may read it (DESIGN 3.3). */
export const ACCESS_POLICY_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "This city's effective access policy (read-only), and what it grants the caller's city."
  accessPolicy: AccessPolicyView!
`,
  types: /* GraphQL */ `
type AccessPolicyView @shareable {
  city: String!
  version: Int!
  effectiveFrom: String!
  description: String
  contact: ContactPoint!
  "Fields disclosed at SUMMARY level."
  summaryFields: [String!]!
  rules: [AccessPolicyRuleView!]!
  "Which cities may file which kinds of assistance request with this city."
  assistance: [AssistanceRuleView!]!
  "What the caller's city gets for each TLP level of a REGION-scoped report (recipient cities may get more)."
  grantsForCaller: [TlpGrant!]!
}

type AccessPolicyRuleView @shareable {
  description: String
  resource: String!
  tlp: [Tlp!]!
  cities: [String!]!
  roles: [Role!]
  level: AccessLevel!
}

type AssistanceRuleView @shareable {
  description: String
  cities: [String!]!
  kinds: [AssistanceKind!]!
}

type TlpGrant @shareable {
  tlp: Tlp!
  level: AccessLevel!
}
`,
};
