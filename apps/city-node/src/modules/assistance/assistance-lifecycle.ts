/** One target city's answer to an assistance request, as data: the allowed transitions, checked in one place. */
export const ANSWER_STATUSES = [
  'SUBMITTED', 'ACKNOWLEDGED', 'ACCEPTED', 'PARTIALLY_ACCEPTED', 'DECLINED', 'COMMITTED', 'IN_PROGRESS', 'FULFILLED', 'CLOSED', 'CANCELLED',
] as const;
export type AnswerStatus = (typeof ANSWER_STATUSES)[number];

export const OPEN_ANSWER_STATUSES: readonly AnswerStatus[] = ['SUBMITTED', 'ACKNOWLEDGED', 'ACCEPTED', 'PARTIALLY_ACCEPTED', 'COMMITTED', 'IN_PROGRESS'];
export const FINAL_ANSWER_STATUSES: readonly AnswerStatus[] = ['CLOSED', 'CANCELLED'];

export interface AnswerTransition {
  /** Which city takes it: the target answering, or the requester closing/cancelling. */
  side: 'target' | 'requester';
  from: readonly AnswerStatus[];
  to: AnswerStatus;
  reason?: true;
  quantity?: true;
  text?: true;
}

export const ANSWER_TRANSITIONS = {
  ACKNOWLEDGE: { side: 'target', from: ['SUBMITTED'], to: 'ACKNOWLEDGED' },
  ACCEPT: { side: 'target', from: ['ACKNOWLEDGED'], to: 'ACCEPTED' },
  PARTIALLY_ACCEPT: { side: 'target', from: ['ACKNOWLEDGED'], to: 'PARTIALLY_ACCEPTED', reason: true },
  DECLINE: { side: 'target', from: ['SUBMITTED', 'ACKNOWLEDGED'], to: 'DECLINED', reason: true },
  COMMIT: { side: 'target', from: ['ACCEPTED', 'PARTIALLY_ACCEPTED'], to: 'COMMITTED', quantity: true },
  START: { side: 'target', from: ['COMMITTED'], to: 'IN_PROGRESS' },
  REPORT_STATUS: { side: 'target', from: ['IN_PROGRESS'], to: 'IN_PROGRESS', text: true },
  FULFIL: { side: 'target', from: ['IN_PROGRESS'], to: 'FULFILLED' },
  CLOSE: { side: 'requester', from: ['FULFILLED', 'DECLINED'], to: 'CLOSED' },
  CANCEL: { side: 'requester', from: OPEN_ANSWER_STATUSES, to: 'CANCELLED', reason: true },
} as const satisfies Record<string, AnswerTransition>;

export type AnswerAction = keyof typeof ANSWER_TRANSITIONS;
export const TARGET_ACTIONS = (Object.keys(ANSWER_TRANSITIONS) as AnswerAction[]).filter((a) => ANSWER_TRANSITIONS[a].side === 'target');

/** The timestamp column an action sets on the answer. */
export const ACTION_TIMESTAMP: Partial<Record<AnswerAction, 'acknowledgedAt' | 'answeredAt' | 'committedAt' | 'startedAt' | 'fulfilledAt' | 'closedAt'>> = {
  ACKNOWLEDGE: 'acknowledgedAt',
  ACCEPT: 'answeredAt',
  PARTIALLY_ACCEPT: 'answeredAt',
  DECLINE: 'answeredAt',
  COMMIT: 'committedAt',
  START: 'startedAt',
  FULFIL: 'fulfilledAt',
  CLOSE: 'closedAt',
  CANCEL: 'closedAt',
};
