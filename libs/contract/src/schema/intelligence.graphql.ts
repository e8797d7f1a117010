import type { CapabilitySchema } from './capability-schema.js';

/** Intelligence reports: the authoring lifecycle at the home node, and reads shaped by the owning city's policy. */
export const INTELLIGENCE_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "One report shaped by this city's policy for the caller. Cross-city reads need a purpose (X-Purpose header)."
  intelligenceReport(
    "The report's id (<city>:<ULID>), or a one-time HIT_ONLY reference from a search."
    id: ID!
  ): IntelligenceResult
  "Search this city's published intelligence; every result carries the access level the caller got."
  searchIntelligence(
    "What to look for (the 50 newest published reports when left out)."
    filter: IntelligenceSearchInput
  ): IntelligenceSearchResult!
  "Reports of this city in the authoring lifecycle (home officers only): the caller's own, or all for a supervisor."
  intelligenceWorklist(
    "Only reports in this status (every status when left out)."
    status: ReportStatus
  ): [IntelligenceReport!]!
  "Who received a report of this city, at which level, for which purpose."
  disseminationLog(
    "The report's id. Home ANALYST, SUPERVISOR or AUDITOR."
    reportId: ID!
  ): [DisseminationEntry!]!
  "This city's other reports that mention an identifier of the report (home officers), with the identifiers they share."
  relatedIntelligence(
    "The report whose identifiers are compared. Home ANALYST, SUPERVISOR or AUDITOR."
    reportId: ID!
  ): [RelatedReport!]!
`,
  writes: /* GraphQL */ `
  "A new report in DRAFT (home ANALYST or SUPERVISOR); the caller is its author. Free text naming protected topics is refused."
  createIntelligenceReport(
    "The report's content, grading, handling and dissemination."
    input: IntelligenceReportInput!
  ): IntelligenceReport!
  "Replace a DRAFT's content (its author, home ANALYST or SUPERVISOR); after submission it is returned to DRAFT first."
  updateIntelligenceReport(
    "The report's id."
    id: ID!
    "The whole content again (every field, not only the changed ones)."
    input: IntelligenceReportInput!
  ): IntelligenceReport!
  "The author submits a DRAFT for approval: DRAFT → SUBMITTED."
  submitIntelligenceReport(
    "The report's id."
    id: ID!
  ): IntelligenceReport!
  "A SUPERVISOR sends a submitted report back to its author with the reason: SUBMITTED → DRAFT."
  returnIntelligenceReport(
    "The report's id."
    id: ID!
    "What to change (5-1,000 characters), shown to the author as returnReason."
    reason: String!
  ): IntelligenceReport!
  "A SUPERVISOR who is not the author approves it: SUBMITTED → APPROVED."
  approveIntelligenceReport(
    "The report's id."
    id: ID!
  ): IntelligenceReport!
  "The author or a SUPERVISOR publishes an approved report within its scope: APPROVED → PUBLISHED (refused once its review date has passed)."
  publishIntelligenceReport(
    "The report's id."
    id: ID!
  ): IntelligenceReport!
  "A SUPERVISOR reviews a report by its review date: RETAIN a published one with a reason and the next date, or PURGE any report not yet purged (its content erased, the decision audited)."
  reviewIntelligenceReport(
    "The report's id."
    id: ID!
    "The decision, its reason and (RETAIN) the next review date."
    input: IntelligenceReviewInput!
  ): IntelligenceReport!
  "The author or a SUPERVISOR withdraws an approved or published report with the reason: → WITHDRAWN, no longer disseminated."
  withdrawIntelligenceReport(
    "The report's id."
    id: ID!
    "Why (5-1,000 characters), kept as withdrawnReason."
    reason: String!
  ): IntelligenceReport!
`,
  types: /* GraphQL */ `
"Conditions the recipient must honour, set by the author; they travel with anything disclosed."
enum HandlingCondition {
  "Use only for the purpose it was asked for."
  PURPOSE_ONLY
  "Not to be produced as evidence without the owning city's consent."
  NOT_FOR_COURT
  "Not to be passed on to anyone else."
  NO_ONWARD_SHARING
}

"Admiralty code, source reliability: A completely reliable ... F cannot be judged."
enum SourceReliability {
  "Completely reliable."
  A
  "Usually reliable."
  B
  "Fairly reliable."
  C
  "Not usually reliable."
  D
  "Unreliable."
  E
  "Reliability cannot be judged."
  F
}

"Where a report is in its lifecycle: DRAFT → SUBMITTED → APPROVED → PUBLISHED, then reviewed, withdrawn or purged."
enum ReportStatus {
  "Being written (or returned) by its author; only a draft can be updated."
  DRAFT
  "Waiting for a SUPERVISOR other than the author to approve or return it."
  SUBMITTED
  "Approved, not yet published."
  APPROVED
  "Disseminated within its scope, as each reader's policy grant allows; reviewed by its review date."
  PUBLISHED
  "Taken back by its author or a SUPERVISOR: no longer disseminated."
  WITHDRAWN
  "Its content erased at review (or when the review date passed without a decision); the record of it stays."
  PURGED
}

"Own city only, the listed recipient cities, or the whole region."
enum PublicationScope {
  "This city's officers only: never leaves the city."
  OWN_CITY
  "The named recipient cities (others get at most HIT_ONLY)."
  CITIES
  "Every city, as each one's grant under this city's policy allows (not for AMBER_STRICT or RED)."
  REGION
}

"A supervisor's decision at a report's review."
enum ReviewDecision {
  "Keep it published until the next review date."
  RETAIN
  "Erase its content now."
  PURGE
}

"Another report of this city that shares identifiers with the one asked about."
type RelatedReport @shareable {
  "The report's id."
  id: ID!
  "Its title."
  title: String!
  "Its status."
  status: ReportStatus!
  "Its TLP."
  tlp: Tlp!
  "The identifiers both reports hold."
  sharedIdentifiers: [Identifier!]!
}

"The Admiralty (NATO) grading of a report: how reliable its source, how credible its information."
type Grading @shareable {
  "Source reliability, A to F."
  sourceReliability: SourceReliability!
  "Admiralty information credibility, 1 (confirmed) to 6 (cannot be judged)."
  informationCredibility: Int!
  "Both as one code, e.g. B2."
  code: String!
}

"A report as its own city holds it (its authors and supervisors, at the home node)."
type IntelligenceReport @shareable {
  "The report's id (<city>:<ULID>)."
  id: ID!
  "The city that holds it."
  city: String!
  "Where it is in its lifecycle."
  status: ReportStatus!
  "Its title."
  title: String!
  "A summary that can be shared without the body."
  summary: String!
  "The full text (null once purged)."
  body: String
  "The crime category."
  category: CrimeCategory!
  "Source reliability and information credibility."
  grading: Grading!
  "How far it may travel."
  tlp: Tlp!
  "Conditions recipients must honour."
  handlingConditions: [HandlingCondition!]!
  "Identifiers it mentions (normalised), compared through blind indexes in identifier checks."
  identifiers: [Identifier!]!
  "Who it is published to."
  scope: PublicationScope!
  "The recipient cities (scope CITIES)."
  recipientCities: [String!]!
  "By when a supervisor must retain or purge it (YYYY-MM-DD); past it, it is purged."
  reviewDate: String!
  "The author's officer id."
  authorId: String!
  "The author's name."
  authorName: String!
  "The SUPERVISOR who approved it."
  approvedById: String
  "Why it was last returned to DRAFT."
  returnReason: String
  "Why it was withdrawn."
  withdrawnReason: String
  "When it was created (ISO 8601)."
  createdAt: String!
  "When it last changed."
  updatedAt: String!
  "When it was last submitted."
  submittedAt: String
  "When it was approved."
  approvedAt: String
  "When it was published."
  publishedAt: String
  "When it was withdrawn."
  withdrawnAt: String
  "When it was last reviewed."
  lastReviewedAt: String
  "The reason given at its last review."
  lastReviewReason: String
}

"A report as shared with the caller: fields outside the grant are null and named in redactedFields."
type SharedIntelligenceReport @shareable {
  "The report's id."
  id: ID!
  "The city that holds it."
  city: String!
  "Its title (if granted)."
  title: String
  "Its summary (if granted)."
  summary: String
  "Its full text (FULL only)."
  body: String
  "Its crime category (if granted)."
  category: CrimeCategory
  "Its grading (if granted)."
  grading: Grading
  "Its TLP: always shown, the recipient must honour it."
  tlp: Tlp!
  "Its handling conditions: always shown, the recipient must honour them."
  handlingConditions: [HandlingCondition!]!
  "The identifiers it holds (FULL only)."
  identifiers: [Identifier!]
  "When it was published (if granted)."
  publishedAt: String
  "Its review date (if granted)."
  reviewDate: String
}

"One report as the owning city grants it to the caller, audited there."
type IntelligenceResult @shareable {
  "The report id; at HIT_ONLY in a search, a one-time reference the owning city resolves when you contact it."
  id: ID!
  "The city that holds it."
  city: String!
  "What the owning city's policy granted the caller."
  accessLevel: AccessLevel!
  "Present at FULL and SUMMARY."
  report: SharedIntelligenceReport
  "The fields withheld at this level (null in report)."
  redactedFields: [String!]!
  "Whom to ask for more (always present below FULL)."
  contact: ContactPoint
}

"One city's answer to a search of its published intelligence."
type IntelligenceSearchResult @shareable {
  "The city searched."
  city: String!
  "How many results there are (the matches the caller may learn of, up to the limit)."
  total: Int!
  "The matching reports, newest first, each at its granted level."
  results: [IntelligenceResult!]!
}

"What to search for in a city's published intelligence."
input IntelligenceSearchInput {
  "Words that must all appear in the fields you are allowed to see (title, summary, body at FULL; the summary fields at SUMMARY). HIT_ONLY reports are found only by checkIdentifiersRegion."
  text: String
  "Only reports of these categories."
  categories: [CrimeCategory!]
  "ISO-8601 date (2026-11-01) or UTC timestamp (2026-11-01T08:00:00Z): published at or after."
  since: String
  "How many results: 1-200 (default 50)."
  limit: Int
}

"A report's content. No field for ethnicity, religion, political opinion or petitioning; free text naming them is refused."
input IntelligenceReportInput {
  "The title: 3-200 characters (2 in Chinese)."
  title: String!
  "A summary that can be shared without the body: 1-2,000 characters."
  summary: String!
  "The full text: 1-20,000 characters."
  body: String!
  "The crime category."
  category: CrimeCategory!
  "How reliable the source is, A to F."
  sourceReliability: SourceReliability!
  "How credible the information is: 1 (confirmed) to 6 (cannot be judged)."
  informationCredibility: Int!
  "How far it may travel; AMBER_STRICT and RED are for named recipients (scope CITIES or OWN_CITY)."
  tlp: Tlp!
  "Conditions recipients must honour."
  handlingConditions: [HandlingCondition!]
  "Identifiers the report mentions (at most 50, duplicates counted once)."
  identifiers: [IdentifierInput!]
  "Who it is published to."
  scope: PublicationScope!
  "The recipient cities: required with scope CITIES, refused with any other scope."
  recipientCities: [String!]
  "ISO-8601 date; defaults to 180 days from now, at most 365."
  reviewDate: String
}

"A supervisor's review of a report."
input IntelligenceReviewInput {
  "Retain or purge."
  decision: ReviewDecision!
  "Why (5-1,000 characters), kept and audited."
  reason: String!
  "Required when retaining: the next review date (ISO-8601 date, at most 365 days ahead)."
  nextReviewDate: String
}

"One disclosure of a report to an officer of another city, as recorded here (newest first, at most 1,000)."
type DisseminationEntry @shareable {
  "The report disclosed."
  reportId: ID!
  "The officer's city."
  recipientCity: String!
  "The officer who read it."
  officerId: String!
  "The roles they read it with."
  role: String
  "The level granted."
  accessLevel: AccessLevel!
  "The purpose they gave."
  purpose: String
  "When (ISO 8601)."
  at: String!
}
`,
};
