import type { CapabilitySchema } from './capability-schema.js';

/** Case counts and the early-warning rules that watch them, with the alerts they raise. */
export const EARLY_WARNING_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "This city's case statistics (home officers)."
  caseCounts(filter: CaseCountFilterInput): [CaseCount!]!
  "This city's totals per period for a category (node-to-node, for REGION early-warning rules; aggregates only)."
  caseCountSeries(input: CaseSeriesInput!): [CaseSeriesPoint!]!
  "Early-warning rules of this city with their evaluation state (home officers)."
  warningRules: [WarningRule!]!
  "Warning episodes of this city's rules (home officers)."
  warningAlerts(filter: WarningAlertFilterInput): [WarningAlert!]!
`,
  writes: /* GraphQL */ `
  "Record this city's case counts (replaces a period's count)."
  recordCaseCounts(counts: [CaseCountInput!]!): CaseImportResult!
  "Import case counts from CSV (header: category,area,period_start,count). A file with any bad row imports nothing and lists every row's problem."
  importCaseCountsCsv(csv: String!): CaseImportResult!
  createWarningRule(input: WarningRuleInput!): WarningRule!
  disableWarningRule(id: ID!, reason: String!): WarningRule!
  "Evaluate this city's rules now (the scheduled job does it every WARNING_EVAL_MS)."
  evaluateWarningRules: [RuleEvaluation!]!
  "The duty commander acknowledges a warning."
  acknowledgeWarningAlert(id: ID!): WarningAlert!
`,
  types: /* GraphQL */ `
"Early-warning levels 蓝 / 黄 / 橙 / 红."
enum WarningLevel { BLUE YELLOW ORANGE RED }

enum WarningScope { CITY REGION }

enum WarningMethod { THRESHOLD CUSUM }

type CaseCount @shareable {
  city: String!
  category: CrimeCategory!
  area: String!
  periodStart: String!
  count: Int!
  recordedBy: String!
  recordedAt: String!
}

type CaseSeriesPoint @shareable {
  periodStart: String!
  count: Int!
}

type CsvRowError @shareable {
  "Row number in the file (the header is row 1; 0: the whole file)."
  row: Int!
  column: String
  message: String!
}

type CaseImportResult @shareable {
  "False when any row was bad: then nothing was imported."
  accepted: Boolean!
  imported: Int!
  errors: [CsvRowError!]!
}

input CaseCountInput {
  category: CrimeCategory!
  "District or area code; ALL for city-wide figures."
  area: String!
  periodStart: String!
  count: Int!
}

input CaseCountFilterInput {
  category: CrimeCategory
  area: String
  from: String
  to: String
  limit: Int
}

input CaseSeriesInput {
  category: CrimeCategory!
  from: String!
  to: String!
}

type WarningThresholds @shareable {
  blue: Float!
  yellow: Float!
  orange: Float!
  red: Float!
}

input WarningThresholdsInput {
  blue: Float!
  yellow: Float!
  orange: Float!
  red: Float!
}

type WarningRule @shareable {
  id: ID!
  name: String!
  category: CrimeCategory!
  scope: WarningScope!
  area: String
  "The cities whose counts are summed (CITY: this city)."
  cities: [String!]!
  method: WarningMethod!
  windowHours: Int!
  bucketHours: Int!
  baselineBuckets: Int!
  cusumK: Float!
  thresholds: WarningThresholds!
  minCount: Int!
  holdMinutes: Int!
  hysteresisPercent: Int!
  campaignCities: [String!]!
  enabled: Boolean!
  createdBy: String!
  createdAt: String!
  "The open episode's level (null: none open)."
  stateLevel: WarningLevel
  candidateLevel: WarningLevel
  candidateSince: String
  clearSince: String
  openAlertId: ID
  lastValue: Float
  lastCount: Int
  lastEvaluatedAt: String
  lastError: String
}

input WarningRuleInput {
  name: String!
  category: CrimeCategory!
  scope: WarningScope!
  area: String
  "REGION: the cities whose counts are summed (default: all eight)."
  cities: [String!]
  method: WarningMethod
  "The window, in hours back from the evaluation: a count is in it when its period (bucketHours from its periodStart) overlaps it, so a 24 h rule over daily counts reads yesterday's and today's."
  windowHours: Int!
  "How long the period of one recorded count is (default 24: daily counts); CUSUM's bucket."
  bucketHours: Int
  baselineBuckets: Int
  cusumK: Float
  thresholds: WarningThresholdsInput!
  minCount: Int
  holdMinutes: Int
  hysteresisPercent: Int
  campaignCities: [String!]
}

type WarningAlertChange @shareable {
  at: String!
  event: String!
  level: WarningLevel
  value: Float!
  count: Int!
}

type WarningAlert @shareable {
  id: ID!
  ruleId: ID!
  level: WarningLevel!
  status: String!
  campaignId: ID
  cities: [String!]!
  history: [WarningAlertChange!]!
  openedAt: String!
  resolvedAt: String
  acknowledgedBy: String
  acknowledgedAt: String
}

input WarningAlertFilterInput {
  openOnly: Boolean
  ruleId: ID
  limit: Int
}

type RuleEvaluation @shareable {
  ruleId: ID!
  value: Float
  count: Int
  measuredLevel: WarningLevel
  level: WarningLevel
  effect: String
  alertId: ID
  campaignId: ID
  error: String
}
`,
};
