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

/**
 * The parameters a notice of these kinds carries beside its English text, so that the console can say it in the
 * officer's language and time zone (issue 17). Times are ISO 8601; cities are city codes; `priority`, `requestKind`,
 * `action`, `level` and `category` are enum values. Notices of other kinds are shown with their kind's label and text.
 */
export const NOTICE_PARAMS = {
  'assistance.incoming': ['priority', 'requestKind', 'from', 'title', 'ackDueAt'],
  'assistance.answer': ['target', 'action', 'title'],
  'assistance.message': ['from', 'title', 'text'],
  'incident.sitrep': ['seq', 'title', 'from', 'situation'],
  'intelligence.submitted': ['title', 'author'],
  'intelligence.returned': ['report', 'author', 'by'],
  'watch.hit': ['entry', 'lead', 'from', 'location'],
  'warning.alert': ['level', 'rule', 'count', 'category', 'windowHours', 'area'],
} as const satisfies Partial<Record<NoticeKind, readonly string[]>>;

/** The parameters of a notice of kind K (never for a kind that takes none). */
export type NoticeParams<K extends NoticeKind> = K extends keyof typeof NOTICE_PARAMS ? { [P in (typeof NOTICE_PARAMS)[K][number]]: string | number } : never;
