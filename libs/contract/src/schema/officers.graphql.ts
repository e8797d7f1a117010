import type { CapabilitySchema } from './capability-schema.js';

/** Officers, service accounts and sessions: login at the home node, administration by the city's ADMIN. */
export const OFFICERS_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "The officer the caller's token names, as this node sees it."
  me: OfficerProfile
  "This city's officers (an ADMIN of this city, home token; audited)."
  officers(
    "Which officers (all of them when left out)."
    filter: OfficerFilterInput
  ): [OfficerAccount!]!
  "This city's service accounts (an ADMIN of this city, home token; audited)."
  serviceAccounts: [ServiceAccount!]!
`,
  writes: /* GraphQL */ `
  "Log in at your home node. newPassword: replace the password at the same time (required after an administrator's reset: PASSWORD_CHANGE_REQUIRED otherwise); at least 12 characters with letters and digits, not containing the username."
  login(
    "The officer's username at this city (without the city prefix)."
    username: String!
    "The current password (or the one-time password an administrator gave)."
    password: String!
    "A new password to set at the same time (at least 12 characters with letters and digits, not containing the username)."
    newPassword: String
  ): LoginResult!
  "Administration (an ADMIN of this city, home token): a new officer with a one-time password to change at the first login. An administrator gives only roles they hold."
  createOfficer(
    "The new officer's username, name, unit and roles."
    input: OfficerInput!
  ): OfficerCredentials!
  "Replace an officer's roles (ADMIN): giving a role needs holding it; the city keeps at least one active ADMIN."
  setOfficerRoles(
    "The officer's id (<city>:<username>)."
    id: ID!
    "The roles they hold from now on (at least one); their current tokens keep the old roles until renewed."
    roles: [Role!]!
  ): OfficerAccount!
  "Disable (cannot log in or renew a session; every token the officer holds is refused at once at every node) or re-enable an officer, with the reason (ADMIN); the last active ADMIN cannot be disabled."
  setOfficerActive(
    "The officer's id (<city>:<username>)."
    id: ID!
    "False to disable, true to re-enable."
    active: Boolean!
    "Why (5-1,000 characters), kept in the audit log."
    reason: String!
  ): OfficerAccount!
  "Administration (ADMIN, home token): a machine's account with a client secret shown once; it gets tokens from POST /auth/service-token (client credentials). Roles among those the administrator holds, never ADMIN or AUDITOR."
  createServiceAccount(
    "The account's name, owner, purpose, roles and expiry."
    input: ServiceAccountInput!
  ): ServiceAccountCredentials!
  "Disable (its tokens refused at once at every node) or re-enable a service account, with the reason (ADMIN)."
  setServiceAccountActive(
    "The account's id (<city>:svc:<name>)."
    id: ID!
    "False to disable, true to re-enable."
    active: Boolean!
    "Why (5-1,000 characters), kept in the audit log."
    reason: String!
  ): ServiceAccount!
  "A new one-time password for an officer, to be changed at the next login (ADMIN)."
  resetOfficerPassword(
    "The officer's id (<city>:<username>)."
    id: ID!
  ): OfficerCredentials!
  "New short-lived tokens for the signed-in officer (home token), with the roles they hold now; refused (SESSION_ENDED) once SESSION_MAX_HOURS have passed since the password was given, or when the officer is no longer active."
  renewSession: LoginResult!
`,
  types: /* GraphQL */ `
"An officer as a token names them: who is asking."
type OfficerProfile @shareable {
  "The officer's id (<city>:<username>)."
  id: ID!
  "Their home city, which issued the token."
  city: String!
  "Their display name."
  name: String!
  "The roles the token carries."
  roles: [Role!]!
  "Whether this node is the officer's home node (where they write)."
  homeNode: Boolean!
}

"An officer's account at their home city, as its ADMIN manages it."
type OfficerAccount @shareable {
  "The officer's id (<city>:<username>)."
  id: ID!
  "The login name."
  username: String!
  "The name shown to other officers."
  displayName: String!
  "The officer's unit."
  unit: String
  "The roles they hold."
  roles: [Role!]!
  "False: disabled, cannot log in, and every token they hold is refused."
  active: Boolean!
  "The password was reset: it must be replaced at the next login."
  mustChangePassword: Boolean!
  "When the account was created (ISO 8601)."
  createdAt: String!
}

"An officer's account with a new one-time password."
type OfficerCredentials @shareable {
  "The account."
  officer: OfficerAccount!
  "Shown once, never stored in clear: hand it to the officer, who replaces it at the first login."
  oneTimePassword: String!
}

"A new officer of this city."
input OfficerInput {
  "3-64 lower-case letters, digits, dots, dashes or underscores; the officer's id is <city>:<username>."
  username: String!
  "The name shown to other officers (2-120 characters)."
  displayName: String!
  "The officer's unit (at most 200 characters)."
  unit: String
  "At least one role; only roles the administrator holds."
  roles: [Role!]!
}

"A machine's account (a feed, an integration): it gets short-lived tokens with client credentials and reads as its roles allow, audited under its id."
type ServiceAccount @shareable {
  "<city>:svc:<name>: the client id, and the officer id its reads are audited under."
  id: ID!
  "The account's name (the part after svc:)."
  name: String!
  "The officer of this city who answers for it."
  ownerId: ID!
  "What the account is for."
  purpose: String!
  "The roles its tokens carry (never ADMIN or AUDITOR)."
  roles: [Role!]!
  "No token is issued after it (at most 366 days after creation)."
  expiresAt: String!
  "False: disabled, its tokens refused at every node."
  active: Boolean!
  "The administrator who created it."
  createdBy: ID!
  "When it was created (ISO 8601)."
  createdAt: String!
  "When it last got a token."
  lastTokenAt: String
}

"A new service account with its client credentials."
type ServiceAccountCredentials @shareable {
  "The account."
  account: ServiceAccount!
  "The client id to present at POST /auth/service-token (the account's id)."
  clientId: ID!
  "Shown once, never stored in clear: configure it in the machine, which exchanges it at POST /auth/service-token."
  clientSecret: String!
}

"A new service account of this city."
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

"Which of this city's officers to list."
input OfficerFilterInput {
  "Part of the username or the name."
  text: String
  "Only officers holding this role."
  role: Role
  "Only active (true) or disabled (false) officers."
  active: Boolean
}

"A signed-in session: the two tokens and how long they last."
type LoginResult @shareable {
  "Region token: reads at any node (sent through the gateway to every city you ask)."
  token: String!
  "Home token: writes at your own node only; never send it to another city."
  homeToken: String!
  "When both tokens expire (ISO 8601): renew before (renewSession)."
  expiresAt: String!
  "When the session ends however often it is renewed (SESSION_MAX_HOURS after the password was given)."
  sessionEndsAt: String!
  "How long the console may sit idle before it asks for the password again (SESSION_IDLE_MINUTES)."
  idleMinutes: Int!
  "Failed logins on this account, from any address, since its last successful login: if you did not make them, tell your IT department (0 on renewal)."
  failedLogins: Int!
  "The signed-in officer."
  officer: OfficerProfile!
}
`,
};
