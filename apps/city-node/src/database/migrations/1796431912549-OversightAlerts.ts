import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OversightAlerts1796431912549 implements MigrationInterface {
  name = 'OversightAlerts1796431912549';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "oversight_alert" ("id" character varying(80) NOT NULL, "dedupe_key" character(64) NOT NULL, "kind" character varying(16) NOT NULL, "metric" character varying(8), "officer_id" character varying(100) NOT NULL, "officer_city" character varying(32) NOT NULL, "raised_by" character varying(32) NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "window_end" TIMESTAMP WITH TIME ZONE NOT NULL, "count" integer NOT NULL, "baseline" double precision, "threshold" integer NOT NULL, "history_windows" integer, "purposes" jsonb NOT NULL, "cities" jsonb NOT NULL, "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by" character varying(120), "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledgement_note" character varying(1000), CONSTRAINT "PK_b2dc29e5b988f8c2852678fd91c" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "idx_oversight_alert_dedupe" ON "oversight_alert"  ("dedupe_key") `);
    await queryRunner.query(`CREATE INDEX "idx_oversight_alert_raised" ON "oversight_alert"  ("raised_at") `);
    await queryRunner.query(`CREATE TABLE "oversight_cursor" ("name" character varying(40) NOT NULL, "last_seq" bigint NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c09e4282d44d319daa53be4028e" PRIMARY KEY ("name"))`);
    await queryRunner.query(`CREATE TABLE "oversight_purpose_share" ("officer_id" character varying(100) NOT NULL, "purpose" character varying(128) NOT NULL, "bucket_start" TIMESTAMP WITH TIME ZONE NOT NULL, "owner_city" character varying(32) NOT NULL, "uses" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_af320d144315860b8d1182784a7" PRIMARY KEY ("officer_id", "purpose", "bucket_start", "owner_city"))`);
    await queryRunner.query(`CREATE INDEX "idx_oversight_purpose_share_bucket" ON "oversight_purpose_share"  ("bucket_start") `);
    await queryRunner.query(`CREATE TABLE "oversight_usage" ("officer_id" character varying(100) NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "purpose" character varying(128) NOT NULL, "officer_city" character varying(32) NOT NULL, "reads" integer NOT NULL, "checks" integer NOT NULL, "pending" boolean NOT NULL, CONSTRAINT "PK_10484df956525c8366d77f17854" PRIMARY KEY ("officer_id", "window_start", "purpose"))`);
    await queryRunner.query(`CREATE INDEX "idx_oversight_usage_pending" ON "oversight_usage"  ("window_start") WHERE pending`);
    await queryRunner.query(`CREATE INDEX "idx_oversight_usage_window" ON "oversight_usage"  ("window_start") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_oversight_usage_window"`);
    await queryRunner.query(`DROP INDEX "public"."idx_oversight_usage_pending"`);
    await queryRunner.query(`DROP TABLE "oversight_usage"`);
    await queryRunner.query(`DROP INDEX "public"."idx_oversight_purpose_share_bucket"`);
    await queryRunner.query(`DROP TABLE "oversight_purpose_share"`);
    await queryRunner.query(`DROP TABLE "oversight_cursor"`);
    await queryRunner.query(`DROP INDEX "public"."idx_oversight_alert_raised"`);
    await queryRunner.query(`DROP INDEX "public"."idx_oversight_alert_dedupe"`);
    await queryRunner.query(`DROP TABLE "oversight_alert"`);
  }
}
