/**
 * Every kind of notice a node writes for its officers (officer_notification.kind, the live feed's `kind`): the node's
 * notifyRole takes only these, and the console has a label for each in both languages (a spec checks it), so an
 * officer never reads a raw code. The prefix names the console screen the notice is about.
 */
export const NOTICE_KINDS = [
  'assistance.incoming',
  'assistance.answer',
  'assistance.message',
  'assistance.escalation',
  'assistance.unacknowledged',
  'incident.invitation',
  'incident.answer',
  'incident.status',
  'incident.task',
  'incident.sitrep',
  'intelligence.submitted',
  'intelligence.returned',
  'intelligence.match',
  'watch.approval',
  'watch.ended',
  'watch.hit',
  'watch.hit.ack',
  'watch.hit.escalation',
  'watch.match',
  'watch.review',
  'watch.transfer',
  'warning.alert',
  'warning.campaign',
  'oversight.alert',
  'audit.equivocation',
  'audit.head.disputed',
] as const;

export type NoticeKind = (typeof NOTICE_KINDS)[number];
