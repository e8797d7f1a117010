import type { EntityManager } from 'typeorm';
import type { NoticeKind, NoticeParams } from '@ypf/region';
import { type InsertPart, insertTogether } from '../database/insert-together.js';
import { OfficerNotificationEntity } from './officer-notification.entity.js';

/** The row that tells the officers of one role at this node (for `insertTogether` with other rows of the same work). */
export function roleNotification<K extends NoticeKind>(role: string, kind: K, text: string, reference: string, at: Date, params?: NoticeParams<K>): InsertPart<OfficerNotificationEntity> {
  return {
    into: OfficerNotificationEntity,
    values: { recipientRole: role, kind, text: text.slice(0, 1000), reference: reference.slice(0, 120), createdAt: at, params: params ? cutParams(params) : null },
  };
}

/** Parameters as stored: text values cut like the notice's text (a notice is a pointer, not the record). */
function cutParams(params: Record<string, string | number>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? v.slice(0, 300) : v]));
}

/**
 * Tells the officers of one role at this node, inside the caller's transaction: the row is the notification, and its
 * commit is what the live feed announces (so nothing is announced for work that rolled back).
 */
export async function notifyRole<K extends NoticeKind>(em: EntityManager, role: string, kind: K, text: string, reference: string, at: Date, params?: NoticeParams<K>): Promise<void> {
  await insertTogether(em, [roleNotification(role, kind, text, reference, at, params)]);
}

/** A notice's parameters as name/value pairs (values as text), as the feed and the notifications query give them. */
export function noticeParams(params: Record<string, string | number> | null | undefined): { name: string; value: string }[] {
  return Object.entries(params ?? {}).map(([name, value]) => ({ name, value: String(value) }));
}
