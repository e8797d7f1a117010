import type { CapabilitySchema } from './capability-schema.js';

/** Officers, service accounts and sessions: login at the home node, administration by the city's ADMIN. */
export const OFFICERS_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "The officer the caller's token names, as this node sees it."
  me: OfficerProfile
  "This city's officers (an ADMIN of this city, home token; audited)."
  officers(filter: OfficerFilterInput): [OfficerAccount!]!
  "This city's service accounts (an ADMIN of this city, home token; audited)."
  serviceAccounts: [ServiceAccount!]!
`,
  writes: /* GraphQL */ `
  "Log in at your home node. newPassword: replace the password at the same time (required after an administrator's reset: PASSWORD_CHANGE_REQUIRED otherwise); at least 12 characters with letters and digits, not containing the username."
  login(username: String!, password: String!, newPassword: String): LoginResult!
  "Administration (an ADMIN of this city, home token): a new officer with a one-time password to change at the first login. An administrator gives only roles they hold."
  createOfficer(input: OfficerInput!): OfficerCredentials!
  "Replace an officer's roles (ADMIN): giving a role needs holding it; the city keeps at least one active ADMIN."
  setOfficerRoles(id: ID!, roles: [Role!]!): OfficerAccount!
  "Disable (cannot log in or renew a session; every token the officer holds is refused at once at every node) or re-enable an officer, with the reason (ADMIN); the last active ADMIN cannot be disabled."
  setOfficerActive(id: ID!, active: Boolean!, reason: String!): OfficerAccount!
  "Administration (ADMIN, home token): a machine's account with a client secret shown once; it gets tokens from POST /auth/service-token (client credentials). Roles among those the administrator holds, never ADMIN or AUDITOR."
  createServiceAccount(input: ServiceAccountInput!): ServiceAccountCredentials!
  "Disable (its tokens refused at once at every node) or re-enable a service account, with the reason (ADMIN)."
  setServiceAccountActive(id: ID!, active: Boolean!, reason: String!): ServiceAccount!
  "A new one-time password for an officer, to be changed at the next login (ADMIN)."
  resetOfficerPassword(id: ID!): OfficerCredentials!
  "New short-lived tokens for the signed-in officer (home token), with the roles they hold now; refused (SESSION_ENDED) once SESSION_MAX_HOURS have passed since the password was given, or when the officer is no longer active."
  renewSession: LoginResult!
`,
  types: /* GraphQL */ `
type OfficerProfile @shareable {
  id: ID!
  city: String!
  name: String!
  roles: [Role!]!
  homeNode: Boolean!
}

type OfficerAccount @shareable {
  id: ID!
  username: String!
  displayName: String!
  unit: String
  roles: [Role!]!
  active: Boolean!
  "The password was reset: it must be replaced at the next login."
  mustChangePassword: Boolean!
  createdAt: String!
}

type OfficerCredentials @shareable {
  officer: OfficerAccount!
  "Shown once, never stored in clear: hand it to the officer, who replaces it at the first login."
  oneTimePassword: String!
}

input OfficerInput {
  "3-64 lower-case letters, digits, dots, dashes or underscores; the officer's id is <city>:<username>."
  username: String!
  displayName: String!
  unit: String
  roles: [Role!]!
}

type ServiceAccount @shareable {
  "<city>:svc:<name>: the client id, and the officer id its reads are audited under."
  id: ID!
  name: String!
  "The officer of this city who answers for it."
  ownerId: ID!
  purpose: String!
  roles: [Role!]!
  "No token is issued after it (at most 366 days after creation)."
  expiresAt: String!
  active: Boolean!
  createdBy: ID!
  createdAt: String!
  "When it last got a token."
  lastTokenAt: String
}

type ServiceAccountCredentials @shareable {
  account: ServiceAccount!
  clientId: ID!
  "Shown once, never stored in clear: configure it in the machine, which exchanges it at POST /auth/service-token."
  clientSecret: String!
}

input ServiceAccountInput {
  "3-41 lower-case letters, digits or dashes: the account is <city>:svc:<name>."
  name: String!
  "An active officer of this city who answers for the account."
  ownerId: ID!
  "What the account is for (10-200 characters), e.g. the feed it polls."
  purpose: String!
  "Among ANALYST, LIAISON_OFFICER, COORDINATOR, COMMANDER, SUPERVISOR, and held by the administrator."
  roles: [Role!]!
  "ISO date-time within 366 days."
  expiresAt: String!
}

input OfficerFilterInput {
  "Part of the username or the name."
  text: String
  role: Role
  active: Boolean
}

type LoginResult @shareable {
  "Region token: reads at any node (sent through the gateway to every city you ask)."
  token: String!
  "Home token: writes at your own node only; never send it to another city."
  homeToken: String!
  expiresAt: String!
  "When the session ends however often it is renewed (SESSION_MAX_HOURS after the password was given)."
  sessionEndsAt: String!
  "How long the console may sit idle before it asks for the password again (SESSION_IDLE_MINUTES)."
  idleMinutes: Int!
  "Failed logins on this account, from any address, since its last successful login: if you did not make them, tell your IT department (0 on renewal)."
  failedLogins: Int!
  officer: OfficerProfile!
}
`,
};
