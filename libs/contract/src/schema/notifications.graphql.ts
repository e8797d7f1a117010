import type { CapabilitySchema } from './capability-schema.js';

/** Notices to officers by role at their home node, and where their unread ones start. */
export const NOTIFICATIONS_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "Notices for the caller's roles at their home node (incoming requests, answers, escalations)."
  notifications: [OfficerNotification!]!
  "Where the caller's unread notices start (home officers): replay the live feed with cityFeed(since:) from here. The last notice they marked read, or before their 20 newest if they never have."
  notificationsUnreadSince: ID!
`,
  writes: /* GraphQL */ `
  "Marks the caller's notices up to this id read (home officers; it never moves back). Returns where the marker stands."
  markNotificationsRead(upTo: ID!): ID!
`,
  types: /* GraphQL */ `
type OfficerNotification @shareable {
  id: ID!
  recipientRole: String!
  "What happened (NOTICE_KINDS: assistance.incoming, watch.hit, ...)."
  kind: String!
  "The notice in English (with times in UTC); say it in the officer's language from kind and params where there are params."
  text: String!
  reference: String!
  createdAt: String!
  "The notice's parameters (NOTICE_PARAMS of its kind; empty for kinds that take none)."
  params: [NoticeParam!]!
}

"One parameter of a notice: times are ISO 8601, cities city codes, enum values as they are, numbers as text."
type NoticeParam @shareable {
  name: String!
  value: String!
}
`,
};
