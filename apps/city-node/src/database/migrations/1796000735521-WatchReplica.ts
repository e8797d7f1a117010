import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WatchReplica1796000735521 implements MigrationInterface {
  name = 'WatchReplica1796000735521';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "watch_entry" ADD "lead_epoch" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`CREATE TABLE "watch_replica_feed" ("entry_id" character varying(80) NOT NULL, "seq" BIGSERIAL NOT NULL, CONSTRAINT "PK_b3216f476c02d458fc802f5a277" PRIMARY KEY ("entry_id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "idx_watch_replica_feed_seq" ON "watch_replica_feed"  ("seq") `);
    await queryRunner.query(`CREATE TABLE "watch_replica" ("entry_id" character varying(80) NOT NULL, "token" character(64) NOT NULL, "lead_city" character varying(32) NOT NULL, "action" character varying(32) NOT NULL, "participant" boolean NOT NULL, "lead_epoch" integer NOT NULL, CONSTRAINT "PK_7427454d22a638e5db9dd1567f6" PRIMARY KEY ("entry_id", "token"))`);
    await queryRunner.query(`CREATE INDEX "idx_watch_replica_token" ON "watch_replica"  ("token") `);
    await queryRunner.query(`CREATE TABLE "watch_replica_peer" ("city" character varying(32) NOT NULL, "after_seq" bigint NOT NULL DEFAULT '0', "synced_at" TIMESTAMP WITH TIME ZONE, "contact" jsonb, "last_error" character varying(500), CONSTRAINT "PK_b163d2dc43467dba615028dbc16" PRIMARY KEY ("city"))`);
    // Entries already active are the first changes of the feed, so other cities' copies start with them.
    await queryRunner.query(`INSERT INTO "watch_replica_feed" ("entry_id") SELECT "id" FROM "watch_entry" WHERE "status" = 'ACTIVE' ORDER BY "approved_at", "id"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "watch_replica_peer"`);
    await queryRunner.query(`DROP INDEX "public"."idx_watch_replica_token"`);
    await queryRunner.query(`DROP TABLE "watch_replica"`);
    await queryRunner.query(`DROP INDEX "public"."idx_watch_replica_feed_seq"`);
    await queryRunner.query(`DROP TABLE "watch_replica_feed"`);
    await queryRunner.query(`ALTER TABLE "watch_entry" DROP COLUMN "lead_epoch"`);
  }
}
