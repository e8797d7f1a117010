import type { CapabilitySchema } from './capability-schema.js';

/** Case counts and the early-warning rules that watch them, with the alerts they raise. */
export const EARLY_WARNING_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "This city's case statistics (home officers)."
  caseCounts(
    "Which counts (the 200 most recent periods when left out)."
    filter: CaseCountFilterInput
  ): [CaseCount!]!
  "This city's totals per period for a category (node-to-node, for REGION early-warning rules; aggregates only)."
  caseCountSeries(
    "The category and the period asked."
    input: CaseSeriesInput!
  ): [CaseSeriesPoint!]!
  "Early-warning rules of this city with their evaluation state (home officers)."
  warningRules: [WarningRule!]!
  "Warning episodes of this city's rules (home officers)."
  warningAlerts(
    "Which episodes (the 100 newest when left out)."
    filter: WarningAlertFilterInput
  ): [WarningAlert!]!
`,
  writes: /* GraphQL */ `
  "Record this city's case counts (replaces a period's count)."
  recordCaseCounts(
    "The counts: 1-10,000 per call."
    counts: [CaseCountInput!]!
  ): CaseImportResult!
  "Import case counts from CSV (header: category,area,period_start,count). A file with any bad row imports nothing and lists every row's problem."
  importCaseCountsCsv(
    "The CSV file's text."
    csv: String!
  ): CaseImportResult!
  "A new early-warning rule of this city (home COORDINATOR or COMMANDER; audited), evaluated from now on."
  createWarningRule(
    "What the rule counts, how, and where its thresholds lie."
    input: WarningRuleInput!
  ): WarningRule!
  "Stop evaluating a rule (home COORDINATOR or COMMANDER; audited with the reason). Its open episode stays as it is."
  disableWarningRule(
    "The rule's id."
    id: ID!
    "Why (5-1,000 characters)."
    reason: String!
  ): WarningRule!
  "Evaluate this city's rules now (the scheduled job does it every WARNING_EVAL_MS)."
  evaluateWarningRules: [RuleEvaluation!]!
  "The duty commander acknowledges a warning."
  acknowledgeWarningAlert(
    "The alert's id (once: a second acknowledgement is refused)."
    id: ID!
  ): WarningAlert!
`,
  types: /* GraphQL */ `
"Early-warning levels 蓝 / 黄 / 橙 / 红."
enum WarningLevel {
  "Blue (蓝), the lowest: watch."
  BLUE
  "Yellow (黄)."
  YELLOW
  "Orange (橙)."
  ORANGE
  "Red (红), the highest."
  RED
}

"Whose counts a rule sums."
enum WarningScope {
  "This city's counts (optionally one area)."
  CITY
  "Several cities' counts, asked of each through caseCountSeries (aggregates only)."
  REGION
}

"How a rule turns counts into the value compared with its thresholds."
enum WarningMethod {
  "The sum of the counts in the window."
  THRESHOLD
  "One-sided CUSUM of the window's buckets against the baseline buckets' mean, in standard deviations: a rise above the usual level."
  CUSUM
}

"A recorded count of cases of one category, in one area, for one period."
type CaseCount @shareable {
  "The city that recorded it."
  city: String!
  "The crime category."
  category: CrimeCategory!
  "The district or area code; ALL for city-wide figures."
  area: String!
  "The start of the period counted (ISO 8601); the period lasts a rule's bucketHours."
  periodStart: String!
  "How many cases."
  count: Int!
  "Who recorded it."
  recordedBy: String!
  "When."
  recordedAt: String!
}

"One period's total for a category."
type CaseSeriesPoint @shareable {
  "The start of the period (ISO 8601)."
  periodStart: String!
  "The total of the city's counts for it (all areas)."
  count: Int!
}

"One problem in a CSV import."
type CsvRowError @shareable {
  "Row number in the file (the header is row 1; 0: the whole file)."
  row: Int!
  "The column concerned."
  column: String
  "What is wrong and what to write instead."
  message: String!
}

"The result of recording or importing case counts: all or nothing."
type CaseImportResult @shareable {
  "False when any row was bad: then nothing was imported."
  accepted: Boolean!
  "How many counts were recorded."
  imported: Int!
  "Every row's problems (empty when accepted)."
  errors: [CsvRowError!]!
}

"One count to record; a count for the same category, area and period replaces it."
input CaseCountInput {
  "The crime category."
  category: CrimeCategory!
  "District or area code; ALL for city-wide figures."
  area: String!
  "The start of the period counted (ISO 8601 with a zone)."
  periodStart: String!
  "How many cases: 0-1,000,000."
  count: Int!
}

"Which case counts to list, most recent period first."
input CaseCountFilterInput {
  "Only this category."
  category: CrimeCategory
  "Only this area."
  area: String
  "Only periods starting at or after this time (ISO 8601)."
  from: String
  "Only periods starting before this time."
  to: String
  "How many: 1-1,000 (default 200)."
  limit: Int
}

"A category's totals asked for a time range (node-to-node)."
input CaseSeriesInput {
  "The crime category."
  category: CrimeCategory!
  "Periods starting at or after this time (ISO 8601)."
  from: String!
  "Periods starting before this time (ISO 8601)."
  to: String!
}

"The value at which each level is reached (rising strictly)."
type WarningThresholds @shareable {
  "Blue."
  blue: Float!
  "Yellow."
  yellow: Float!
  "Orange."
  orange: Float!
  "Red."
  red: Float!
}

"The value at which each level is reached: 0 < blue < yellow < orange < red."
input WarningThresholdsInput {
  "Blue."
  blue: Float!
  "Yellow."
  yellow: Float!
  "Orange."
  orange: Float!
  "Red."
  red: Float!
}

"An early-warning rule: counts of a category compared with thresholds; crossing one (held for holdMinutes) opens an alert and a joint campaign (预警触发型专项治理)."
type WarningRule @shareable {
  "The rule's id."
  id: ID!
  "Its name."
  name: String!
  "The crime category it counts."
  category: CrimeCategory!
  "Whose counts it sums."
  scope: WarningScope!
  "CITY: the one area it counts (null: the whole city)."
  area: String
  "The cities whose counts are summed (CITY: this city)."
  cities: [String!]!
  "How counts become the value."
  method: WarningMethod!
  "The window, in hours back from the evaluation."
  windowHours: Int!
  "How long the period of one count is (CUSUM's bucket)."
  bucketHours: Int!
  "CUSUM: how many buckets before the window make the baseline."
  baselineBuckets: Int!
  "CUSUM: the allowance k subtracted per bucket (in standard deviations)."
  cusumK: Float!
  "The value at which each level is reached."
  thresholds: WarningThresholds!
  "No level below this many cases in the window."
  minCount: Int!
  "How long a level must hold before it fires or escalates, and the value stay clear before it resolves."
  holdMinutes: Int!
  "It resolves only below the blue threshold less this percentage."
  hysteresisPercent: Int!
  "The cities a campaign it opens invites (empty: the city, or for REGION the cities with cases)."
  campaignCities: [String!]!
  "False once disabled: no longer evaluated."
  enabled: Boolean!
  "Who created it."
  createdBy: String!
  "When."
  createdAt: String!
  "The open episode's level (null: none open)."
  stateLevel: WarningLevel
  "A higher level measured but not yet held for holdMinutes."
  candidateLevel: WarningLevel
  "Since when the candidate level holds."
  candidateSince: String
  "Since when the value is clear (below blue less the hysteresis) while an episode is open."
  clearSince: String
  "The open episode's alert."
  openAlertId: ID
  "The value at the last evaluation."
  lastValue: Float
  "The cases counted at the last evaluation."
  lastCount: Int
  "When it was last evaluated."
  lastEvaluatedAt: String
  "Why the last evaluation failed (e.g. a city that could not be asked)."
  lastError: String
}

"A new early-warning rule."
input WarningRuleInput {
  "Its name: 3-200 characters."
  name: String!
  "The crime category it counts."
  category: CrimeCategory!
  "Whose counts it sums."
  scope: WarningScope!
  "CITY only: one area to count (the whole city when left out)."
  area: String
  "REGION: the cities whose counts are summed (default: all eight)."
  cities: [String!]
  "How counts become the value (default THRESHOLD)."
  method: WarningMethod
  "The window, in hours back from the evaluation: a count is in it when its period (bucketHours from its periodStart) overlaps it, so a 24 h rule over daily counts reads yesterday's and today's."
  windowHours: Int!
  "How long the period of one recorded count is (default 24: daily counts); CUSUM's bucket."
  bucketHours: Int
  "CUSUM: buckets before the window that make the baseline: 2-365 (default 28)."
  baselineBuckets: Int
  "CUSUM: the allowance k per bucket, 0-5 standard deviations (default 0.5)."
  cusumK: Float
  "The value at which each level is reached."
  thresholds: WarningThresholdsInput!
  "No level below this many cases in the window (default 1)."
  minCount: Int
  "How long a level must hold before it fires, 0 to 14 days (default 60)."
  holdMinutes: Int
  "It resolves only below the blue threshold less this percentage: 0-90 (default 20)."
  hysteresisPercent: Int
  "The cities a campaign it opens invites (default: this city, or for REGION the cities with cases)."
  campaignCities: [String!]
}

"One step of a warning episode."
type WarningAlertChange @shareable {
  "When (ISO 8601)."
  at: String!
  "FIRE, ESCALATE or RESOLVE."
  event: String!
  "The level it reached (null on RESOLVE)."
  level: WarningLevel
  "The value measured."
  value: Float!
  "The cases counted."
  count: Int!
}

"A warning episode of one rule: opened when a level fires, raised as it escalates, resolved when the value stays clear."
type WarningAlert @shareable {
  "The alert's id."
  id: ID!
  "The rule that raised it."
  ruleId: ID!
  "Its current (highest) level."
  level: WarningLevel!
  "OPEN or RESOLVED."
  status: String!
  "The joint campaign it opened."
  campaignId: ID
  "The cities concerned."
  cities: [String!]!
  "Its steps, in order."
  history: [WarningAlertChange!]!
  "When it fired."
  openedAt: String!
  "When it resolved."
  resolvedAt: String
  "The COMMANDER who acknowledged it."
  acknowledgedBy: String
  "When."
  acknowledgedAt: String
}

"Which warning episodes to list, newest first."
input WarningAlertFilterInput {
  "Only episodes still OPEN."
  openOnly: Boolean
  "Only this rule's."
  ruleId: ID
  "How many: 1-200 (default 100)."
  limit: Int
}

"What one rule's evaluation found and did."
type RuleEvaluation @shareable {
  "The rule."
  ruleId: ID!
  "The value measured (null when it failed)."
  value: Float
  "The cases counted."
  count: Int
  "The level the value reaches now, before holding."
  measuredLevel: WarningLevel
  "The open episode's level after the evaluation."
  level: WarningLevel
  "FIRE, ESCALATE, RESOLVE, or null when nothing changed."
  effect: String
  "The alert concerned."
  alertId: ID
  "The campaign it opened (FIRE)."
  campaignId: ID
  "Why the evaluation failed."
  error: String
}
`,
};
