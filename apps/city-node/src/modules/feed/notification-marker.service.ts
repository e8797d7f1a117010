import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, InputError } from '@ypf/common';
import type { OfficerContext } from '../../auth/request-context.js';

/** Notices shown at a first login, before the officer has marked any read. */
export const FIRST_LOGIN_NOTICES = 20;

/**
 * Which notices an officer has not read (issue 17: the console's notice pane started empty at every login, so what
 * arrived while the officer was away was lost to them). The marker is per officer, at their home node; the console
 * replays the live feed from it and moves it forward when the officer marks notices read.
 */
@Injectable()
export class NotificationMarkerService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * The feed position to replay from to show the officer's unread notices: the last one they marked read, or (never
   * marked) just before the FIRST_LOGIN_NOTICES newest of their roles; "0" replays everything there is.
   */
  async unreadSince(ctx: OfficerContext): Promise<string> {
    const [marker] = await this.db.query('SELECT last_read_id::text AS id FROM notification_marker WHERE officer_id = $1', [ctx.officer.sub]);
    if (marker) return marker.id as string;
    const [row] = await this.db.query(
      `SELECT COALESCE(MIN(id) - 1, 0)::text AS id FROM (
         SELECT id FROM officer_notification WHERE recipient_role = ANY($1) ORDER BY id DESC LIMIT $2) newest`,
      [ctx.officer.roles, FIRST_LOGIN_NOTICES],
    );
    return row.id as string;
  }

  /** Marks the officer's notices up to `upTo` read; the marker never moves back. Returns where it stands. */
  async markRead(ctx: OfficerContext, upTo: unknown): Promise<string> {
    if (typeof upTo !== 'string' || !/^\d{1,18}$/.test(upTo)) throw new InputError('upTo: must be the id of a notice (digits, e.g. "42").', 'upTo');
    const [{ max }] = await this.db.query('SELECT COALESCE(MAX(id), 0)::text AS max FROM officer_notification');
    if (BigInt(upTo) > BigInt(max as string)) throw new InputError(`upTo: there is no notice ${upTo} at this node yet (the newest is ${max}).`, 'upTo');
    const [row] = await this.db.query(
      `INSERT INTO notification_marker AS m (officer_id, last_read_id, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (officer_id) DO UPDATE SET last_read_id = GREATEST(m.last_read_id, EXCLUDED.last_read_id), updated_at = EXCLUDED.updated_at
       RETURNING last_read_id::text AS id`,
      [ctx.officer.sub, upTo, this.clock.now()],
    );
    return row.id as string;
  }
}
