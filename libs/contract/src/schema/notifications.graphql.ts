import type { CapabilitySchema } from './capability-schema.js';

/** Notices to officers by role at their home node, and where their unread ones start. */
export const NOTIFICATIONS_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "Notices for the caller's roles at their home node (incoming requests, answers, escalations), the 200 newest first. Any home officer."
  notifications: [OfficerNotification!]!
  "Where the caller's unread notices start (home officers): replay the live feed with cityFeed(since:) from here. The last notice they marked read, or before their 20 newest if they never have."
  notificationsUnreadSince: ID!
`,
  writes: /* GraphQL */ `
  "Marks the caller's notices up to this id read (home officers; it never moves back). Returns where the marker stands."
  markNotificationsRead(
    "The id of the newest notice read (digits); a notice this node does not have yet is refused."
    upTo: ID!
  ): ID!
`,
  types: /* GraphQL */ `
"A notice to the officers of one role at this node: something they should look at (a request, an answer, a hit, an escalation)."
type OfficerNotification @shareable {
  "Ascending at this node: the live feed's position (cityFeed(since:), markNotificationsRead(upTo:))."
  id: ID!
  "The role it is for: every officer of this city holding it sees it."
  recipientRole: String!
  "What happened (NOTICE_KINDS: assistance.incoming, watch.hit, ...)."
  kind: String!
  "The notice in English (with times in UTC); say it in the officer's language from kind and params where there are params."
  text: String!
  "The id of what it is about (an assistance request, a watch hit, an operation, a warning alert)."
  reference: String!
  "When it was raised (ISO 8601)."
  createdAt: String!
  "The notice's parameters (NOTICE_PARAMS of its kind; empty for kinds that take none)."
  params: [NoticeParam!]!
}

"One parameter of a notice: times are ISO 8601, cities city codes, enum values as they are, numbers as text."
type NoticeParam @shareable {
  "The parameter's name, as NOTICE_PARAMS lists it for the notice's kind."
  name: String!
  "Its value, as text."
  value: String!
}
`,
};
