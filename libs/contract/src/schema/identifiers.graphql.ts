import type { CapabilitySchema } from './capability-schema.js';

/** Hit/no-hit identifier checks against the published intelligence of the region, through each city's blind indexes. */
export const IDENTIFIERS_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "Hit/no-hit of identifiers against the published intelligence of the region (or of the cities named), at your home node (home officers, with a purpose). Each city's reports are compared through that city's own blind indexes, which it computes obliviously for this node (it learns nothing of the identifiers; each evaluation is rate-limited and audited there); a hit is shown as the owning city's policy allows and audited there. A miss is the same empty answer whatever was asked."
  checkIdentifiersRegion(identifiers: [IdentifierInput!]!, cities: [String!]): IdentifierRegionCheckResult!
  "Node-to-node: this city's blind indexes of blinded points (x-coordinates, hex) sent by another city's node for one of its officers' checks; at most INDEX_EVALUATIONS_PER_MINUTE per city and minute; audited."
  evaluateBlindIndex(elements: [String!]!, officer: IndexEvaluationOfficerInput!): [String!]!
  "Node-to-node: the blind indexes of this city's published reports visible to the calling city, in the buckets named by index prefixes (3 hex characters): the caller compares its own indexes locally, so a miss tells this city only the prefix. Audited."
  identifierBucket(prefixes: [String!]!, officer: WatchCheckOfficerInput!): [IdentifierBucket!]!
  "Node-to-node: hit/no-hit of this city's blind indexes for an officer of the calling city (after its bucket matched), under this city's policy and audit."
  checkIdentifiersOnBehalf(tokens: [String!]!, officer: WatchCheckOfficerInput!): IdentifierCheckResult!
`,
  types: /* GraphQL */ `
type IdentifierBucket @shareable {
  prefix: String!
  tokens: [String!]!
}

"The officer of the calling node a blind-index evaluation is made for (audited at the evaluating city)."
input IndexEvaluationOfficerInput {
  sub: String!
  purpose: String!
}

"How one city was checked: asked (its reports compared through its own blind indexes) or not (the error says why; its hits may be missing)."
type IdentifierCheckSource @shareable {
  city: String!
  checked: Boolean!
  error: String
}

type IdentifierRegionCheckResult @shareable {
  hit: Boolean!
  matches: [IdentifierMatch!]!
  "Every city asked, once."
  cities: [IdentifierCheckSource!]!
}

type IdentifierCheckResult @shareable {
  city: String!
  hit: Boolean!
  matches: [IdentifierMatch!]!
}

type IdentifierMatch @shareable {
  "The city holding the report."
  city: String!
  "Which of the identifiers asked matched (in the region-wide check at the home node)."
  identifier: Identifier
  "The owning city's blind index of the identifier."
  token: String!
  accessLevel: AccessLevel!
  "Report id, only when the grant is SUMMARY or FULL."
  reportId: ID
  "What to quote when contacting the owning city: the report id, or at HIT_ONLY a one-time reference."
  reference: ID!
  contact: ContactPoint!
}
`,
};
