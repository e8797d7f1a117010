import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The live feed (modules/feed): every committed officer_notification row is announced on the channel `ypf_feed` of
 * the city's database. NOTIFY is transactional — delivered once the inserting transaction commits, never for a
 * rolled-back one — and reaches every process of the city that LISTENs, so the feed needs no extra broker. The
 * payload stays tiny (id and role; a NOTIFY payload is limited to 8000 bytes); listeners read the row itself.
 */
export class NotificationFeed1795968500000 implements MigrationInterface {
  name = 'NotificationFeed1795968500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The id as text: a bigint does not survive JSON in JavaScript.
    await queryRunner.query(
      `CREATE FUNCTION officer_notification_feed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('ypf_feed', json_build_object('id', NEW.id::text, 'role', NEW.recipient_role)::text); RETURN NULL; END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER officer_notification_feed AFTER INSERT ON "officer_notification" FOR EACH ROW EXECUTE FUNCTION officer_notification_feed()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER officer_notification_feed ON "officer_notification"`);
    await queryRunner.query(`DROP FUNCTION officer_notification_feed()`);
  }
}
