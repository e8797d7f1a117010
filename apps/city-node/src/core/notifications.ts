import type { EntityManager } from 'typeorm';
import type { NoticeKind } from '@ypf/region';
import { type InsertPart, insertTogether } from '../database/insert-together.js';
import { OfficerNotificationEntity } from '../modules/assistance/entities/officer-notification.entity.js';

/** The row that tells the officers of one role at this node (for `insertTogether` with other rows of the same work). */
export function roleNotification(role: string, kind: NoticeKind, text: string, reference: string, at: Date): InsertPart<OfficerNotificationEntity> {
  return { into: OfficerNotificationEntity, values: { recipientRole: role, kind, text: text.slice(0, 1000), reference: reference.slice(0, 120), createdAt: at } };
}

/**
 * Tells the officers of one role at this node, inside the caller's transaction: the row is the notification, and its
 * commit is what the live feed announces (so nothing is announced for work that rolled back).
 */
export async function notifyRole(em: EntityManager, role: string, kind: NoticeKind, text: string, reference: string, at: Date): Promise<void> {
  await insertTogether(em, [roleNotification(role, kind, text, reference, at)]);
}
