import type { CapabilitySchema } from './capability-schema.js';

/** Intelligence reports: the authoring lifecycle at the home node, and reads shaped by the owning city's policy. */
export const INTELLIGENCE_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "One report shaped by this city's policy for the caller. Cross-city reads need a purpose (X-Purpose header)."
  intelligenceReport(id: ID!): IntelligenceResult
  "Search this city's published intelligence; every result carries the access level the caller got."
  searchIntelligence(filter: IntelligenceSearchInput): IntelligenceSearchResult!
  "Reports of this city in the authoring lifecycle (home officers only): the caller's own, or all for a supervisor."
  intelligenceWorklist(status: ReportStatus): [IntelligenceReport!]!
  "Who received a report of this city, at which level, for which purpose."
  disseminationLog(reportId: ID!): [DisseminationEntry!]!
  "This city's other reports that mention an identifier of the report (home officers), with the identifiers they share."
  relatedIntelligence(reportId: ID!): [RelatedReport!]!
`,
  writes: /* GraphQL */ `
  createIntelligenceReport(input: IntelligenceReportInput!): IntelligenceReport!
  updateIntelligenceReport(id: ID!, input: IntelligenceReportInput!): IntelligenceReport!
  submitIntelligenceReport(id: ID!): IntelligenceReport!
  returnIntelligenceReport(id: ID!, reason: String!): IntelligenceReport!
  approveIntelligenceReport(id: ID!): IntelligenceReport!
  publishIntelligenceReport(id: ID!): IntelligenceReport!
  reviewIntelligenceReport(id: ID!, input: IntelligenceReviewInput!): IntelligenceReport!
  withdrawIntelligenceReport(id: ID!, reason: String!): IntelligenceReport!
`,
  types: /* GraphQL */ `
enum HandlingCondition { PURPOSE_ONLY NOT_FOR_COURT NO_ONWARD_SHARING }

"Admiralty code, source reliability: A completely reliable ... F cannot be judged."
enum SourceReliability { A B C D E F }

enum ReportStatus { DRAFT SUBMITTED APPROVED PUBLISHED WITHDRAWN PURGED }

"Own city only, the listed recipient cities, or the whole region."
enum PublicationScope { OWN_CITY CITIES REGION }

enum ReviewDecision { RETAIN PURGE }

type RelatedReport @shareable {
  id: ID!
  title: String!
  status: ReportStatus!
  tlp: Tlp!
  sharedIdentifiers: [Identifier!]!
}

type Grading @shareable {
  sourceReliability: SourceReliability!
  "Admiralty information credibility, 1 (confirmed) to 6 (cannot be judged)."
  informationCredibility: Int!
  code: String!
}

type IntelligenceReport @shareable {
  id: ID!
  city: String!
  status: ReportStatus!
  title: String!
  summary: String!
  body: String
  category: CrimeCategory!
  grading: Grading!
  tlp: Tlp!
  handlingConditions: [HandlingCondition!]!
  identifiers: [Identifier!]!
  scope: PublicationScope!
  recipientCities: [String!]!
  reviewDate: String!
  authorId: String!
  authorName: String!
  approvedById: String
  returnReason: String
  withdrawnReason: String
  createdAt: String!
  updatedAt: String!
  submittedAt: String
  approvedAt: String
  publishedAt: String
  withdrawnAt: String
  lastReviewedAt: String
  lastReviewReason: String
}

"A report as shared with the caller: fields outside the grant are null and named in redactedFields."
type SharedIntelligenceReport @shareable {
  id: ID!
  city: String!
  title: String
  summary: String
  body: String
  category: CrimeCategory
  grading: Grading
  tlp: Tlp!
  handlingConditions: [HandlingCondition!]!
  identifiers: [Identifier!]
  publishedAt: String
  reviewDate: String
}

type IntelligenceResult @shareable {
  "The report id; at HIT_ONLY in a search, a one-time reference the owning city resolves when you contact it."
  id: ID!
  city: String!
  accessLevel: AccessLevel!
  "Present at FULL and SUMMARY."
  report: SharedIntelligenceReport
  redactedFields: [String!]!
  "Whom to ask for more (always present below FULL)."
  contact: ContactPoint
}

type IntelligenceSearchResult @shareable {
  city: String!
  total: Int!
  results: [IntelligenceResult!]!
}

input IntelligenceSearchInput {
  "Words that must all appear in the fields you are allowed to see (title, summary, body at FULL; the summary fields at SUMMARY). HIT_ONLY reports are found only by checkIdentifiersRegion."
  text: String
  categories: [CrimeCategory!]
  "ISO-8601 date (2026-11-01) or UTC timestamp (2026-11-01T08:00:00Z): published at or after."
  since: String
  limit: Int
}

input IntelligenceReportInput {
  title: String!
  summary: String!
  body: String!
  category: CrimeCategory!
  sourceReliability: SourceReliability!
  informationCredibility: Int!
  tlp: Tlp!
  handlingConditions: [HandlingCondition!]
  identifiers: [IdentifierInput!]
  scope: PublicationScope!
  recipientCities: [String!]
  "ISO-8601 date; defaults to 180 days from now, at most 365."
  reviewDate: String
}

input IntelligenceReviewInput {
  decision: ReviewDecision!
  reason: String!
  "Required when retaining: the next review date (ISO-8601 date, at most 365 days ahead)."
  nextReviewDate: String
}

type DisseminationEntry @shareable {
  reportId: ID!
  recipientCity: String!
  officerId: String!
  role: String
  accessLevel: AccessLevel!
  purpose: String
  at: String!
}
`,
};
