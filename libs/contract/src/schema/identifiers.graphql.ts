import type { CapabilitySchema } from './capability-schema.js';

/** Hit/no-hit identifier checks against the published intelligence of the region, through each city's blind indexes. */
export const IDENTIFIERS_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "Hit/no-hit of identifiers against the published intelligence of the region (or of the cities named), at your home node (home officers, with a purpose). Each city's reports are compared through that city's own blind indexes, which it computes obliviously for this node (it learns nothing of the identifiers; each evaluation is rate-limited and audited there); a hit is shown as the owning city's policy allows and audited there. A miss is the same empty answer whatever was asked."
  checkIdentifiersRegion(
    "The identifiers to check: 1-20, duplicates counted once."
    identifiers: [IdentifierInput!]!
    "City codes to ask (the whole region when left out)."
    cities: [String!]
  ): IdentifierRegionCheckResult!
  "Node-to-node: this city's blind indexes of blinded points (x-coordinates, hex) sent by another city's node for one of its officers' checks; at most INDEX_EVALUATIONS_PER_MINUTE per city and minute; audited."
  evaluateBlindIndex(
    "Blinded points, 64 hex characters each; 1-50 per request."
    elements: [String!]!
    "The calling city's officer the check is for."
    officer: IndexEvaluationOfficerInput!
  ): [String!]!
  "Node-to-node: the blind indexes of this city's published reports visible to the calling city, in the buckets named by index prefixes (3 hex characters): the caller compares its own indexes locally, so a miss tells this city only the prefix. Audited."
  identifierBucket(
    "Index prefixes of 3 hex characters; 1-50 per request."
    prefixes: [String!]!
    "The calling city's officer the check is for."
    officer: WatchCheckOfficerInput!
  ): [IdentifierBucket!]!
  "Node-to-node: hit/no-hit of this city's blind indexes for an officer of the calling city (after its bucket matched), under this city's policy and audit."
  checkIdentifiersOnBehalf(
    "This city's blind indexes to look up (64 hex characters each); 1-50 per request."
    tokens: [String!]!
    "The calling city's officer the check is for: the policy applies to their city and roles."
    officer: WatchCheckOfficerInput!
  ): IdentifierCheckResult!
`,
  types: /* GraphQL */ `
"The blind indexes of this city's reports visible to the calling city that start with one prefix."
type IdentifierBucket @shareable {
  "The prefix asked (3 hex characters)."
  prefix: String!
  "The blind indexes in the bucket (64 hex characters each)."
  tokens: [String!]!
}

"The officer of the calling node a blind-index evaluation is made for (audited at the evaluating city)."
input IndexEvaluationOfficerInput {
  "The officer's id at the calling city (<city>:<username>, 3-120 characters)."
  sub: String!
  "The case reference or short reason they gave (3-128 characters)."
  purpose: String!
}

"How one city was checked: asked (its reports compared through its own blind indexes) or not (the error says why; its hits may be missing)."
type IdentifierCheckSource @shareable {
  "The city."
  city: String!
  "Whether its reports were compared: false means the answer may miss its hits."
  checked: Boolean!
  "Why it was not checked (unreachable, over its evaluation budget, ...)."
  error: String
}

"The answer of a region-wide identifier check: every hit the owning cities allow the caller to see, and how each city was checked."
type IdentifierRegionCheckResult @shareable {
  "Whether any city reported a hit the caller may see."
  hit: Boolean!
  "The hits, per owning city and identifier."
  matches: [IdentifierMatch!]!
  "Every city asked, once."
  cities: [IdentifierCheckSource!]!
}

"One city's answer to a node-to-node identifier check."
type IdentifierCheckResult @shareable {
  "The city that answered (this node)."
  city: String!
  "Whether any of its reports matched at a level above NONE."
  hit: Boolean!
  "The matches, as its policy allows the officer."
  matches: [IdentifierMatch!]!
}

"A published report that holds one of the identifiers asked, at the level its city's policy grants."
type IdentifierMatch @shareable {
  "The city holding the report."
  city: String!
  "Which of the identifiers asked matched (in the region-wide check at the home node)."
  identifier: Identifier
  "The owning city's blind index of the identifier."
  token: String!
  "What the owning city grants the caller for this report."
  accessLevel: AccessLevel!
  "Report id, only when the grant is SUMMARY or FULL."
  reportId: ID
  "What to quote when contacting the owning city: the report id, or at HIT_ONLY a one-time reference."
  reference: ID!
  "Whom to contact at the owning city."
  contact: ContactPoint!
}
`,
};
