import { noticeParams } from '../../core/notifications.js';
import type { FeedEvent } from './feed-event.js';

/** Runs one query and returns its rows: the listener's own pg.Client, or the node's DataSource. */
export type RunQuery = (sql: string, params: unknown[]) => Promise<NotificationRow[]>;

interface NotificationRow {
  id: string;
  kind: string;
  text: string;
  reference: string;
  recipientRole: string;
  createdAt: Date;
  params: Record<string, string | number> | null;
}

const COLUMNS = `id::text AS id, kind, text, reference, recipient_role AS "recipientRole", created_at AS "createdAt", params`;

const toEvent = (r: NotificationRow): FeedEvent => ({
  id: r.id,
  kind: r.kind,
  text: r.text,
  reference: r.reference,
  recipientRole: r.recipientRole,
  createdAt: new Date(r.createdAt).toISOString(),
  params: noticeParams(r.params),
});

/** The feed's reads of officer_notification (the rows are written by the modules that raise them). */
export const feedRepository = {
  /** Rows with an id above `afterId`, oldest first; only those for `roles` when given. */
  async after(run: RunQuery, afterId: string, limit: number, roles?: readonly string[]): Promise<FeedEvent[]> {
    const rows = roles
      ? await run(`SELECT ${COLUMNS} FROM officer_notification WHERE id > $1 AND recipient_role = ANY($2) ORDER BY id LIMIT $3`, [afterId, roles, limit])
      : await run(`SELECT ${COLUMNS} FROM officer_notification WHERE id > $1 ORDER BY id LIMIT $2`, [afterId, limit]);
    return rows.map(toEvent);
  },

  /** The rows of these ids (committed ones: a NOTIFY arrives only after its transaction committed). */
  async byIds(run: RunQuery, ids: readonly string[]): Promise<FeedEvent[]> {
    const rows = await run(`SELECT ${COLUMNS} FROM officer_notification WHERE id = ANY($1::bigint[]) ORDER BY id`, [ids]);
    return rows.map(toEvent);
  },

  async maxId(run: RunQuery): Promise<string> {
    const rows = (await run(`SELECT coalesce(max(id), 0)::text AS id FROM officer_notification`, [])) as unknown as { id: string }[];
    return rows[0]?.id ?? '0';
  },
};
