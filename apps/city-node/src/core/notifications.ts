import type { EntityManager } from 'typeorm';
import { OfficerNotificationEntity } from '../modules/assistance/entities/officer-notification.entity.js';

/**
 * Tells the officers of one role at this node, inside the caller's transaction: the row is the notification, and its
 * commit is what the live feed announces (so nothing is announced for work that rolled back).
 */
export async function notifyRole(em: EntityManager, role: string, kind: string, text: string, reference: string, at: Date): Promise<void> {
  await em.getRepository(OfficerNotificationEntity).insert({ recipientRole: role, kind, text: text.slice(0, 1000), reference: reference.slice(0, 120), createdAt: at });
}
