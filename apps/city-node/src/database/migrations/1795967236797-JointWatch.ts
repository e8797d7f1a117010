import type { MigrationInterface, QueryRunner } from 'typeorm';

export class JointWatch1795967236797 implements MigrationInterface {
  name = 'JointWatch1795967236797';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "watch_entry" ("id" character varying(80) NOT NULL, "lead_city" character varying(32) NOT NULL, "status" character varying(24) NOT NULL, "category" character varying(32) NOT NULL, "action" character varying(32) NOT NULL, "legal_basis" character varying(300) NOT NULL, "decision_reference" character varying(120) NOT NULL, "offence" character varying(32), "risk_level" character varying(8) NOT NULL, "participating_cities" text array NOT NULL, "review_date" date NOT NULL, "description" character varying(500), "identifiers" text, "proposed_by" character varying(120) NOT NULL, "proposed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "approved_by" character varying(120), "approved_at" TIMESTAMP WITH TIME ZONE, "transfer_city" character varying(32), "end_reason" character varying(1000), "ended_at" TIMESTAMP WITH TIME ZONE, "review_warned_for" date, "personal_data_deleted_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_1dd00797670b0329a4226ad688c" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_watch_entry_status_review" ON "watch_entry"  ("status", "review_date") `);
    await queryRunner.query(`CREATE TABLE "watch_identifier" ("entry_id" character varying(80) NOT NULL, "token" character(64) NOT NULL, "kind" character varying(24) NOT NULL, CONSTRAINT "PK_b0fe0cd71dd482e5a53971e1007" PRIMARY KEY ("entry_id", "token"))`);
    await queryRunner.query(`CREATE INDEX "idx_watch_identifier_token" ON "watch_identifier"  ("token") `);
    await queryRunner.query(`CREATE TABLE "watch_event" ("id" BIGSERIAL NOT NULL, "entry_id" character varying(80) NOT NULL, "type" character varying(40) NOT NULL, "actor_id" character varying(120) NOT NULL, "actor_city" character varying(32) NOT NULL, "reason" character varying(1000), "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_9affc128d2f9eba4cc27ccfea1f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_watch_event_entry" ON "watch_event"  ("entry_id", "at") `);
    await queryRunner.query(`CREATE TABLE "watch_hit" ("id" character varying(80) NOT NULL, "entry_id" character varying(80) NOT NULL, "lead_city" character varying(32) NOT NULL, "encountering_city" character varying(32) NOT NULL, "observed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "location" character varying(300) NOT NULL, "observation" character varying(2000) NOT NULL, "action_taken" character varying(1000) NOT NULL, "companions" character varying(500), "vehicle" character varying(200), "filed_by" character varying(120) NOT NULL, "filed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ack_due_at" TIMESTAMP WITH TIME ZONE, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by" character varying(120), "escalated_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_3ec2a9315ef499759663fdcdb1d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_watch_hit_ack_due" ON "watch_hit"  ("ack_due_at") `);
    await queryRunner.query(`CREATE INDEX "idx_watch_hit_entry" ON "watch_hit"  ("entry_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_watch_hit_entry"`);
    await queryRunner.query(`DROP INDEX "public"."idx_watch_hit_ack_due"`);
    await queryRunner.query(`DROP TABLE "watch_hit"`);
    await queryRunner.query(`DROP INDEX "public"."idx_watch_event_entry"`);
    await queryRunner.query(`DROP TABLE "watch_event"`);
    await queryRunner.query(`DROP INDEX "public"."idx_watch_identifier_token"`);
    await queryRunner.query(`DROP TABLE "watch_identifier"`);
    await queryRunner.query(`DROP INDEX "public"."idx_watch_entry_status_review"`);
    await queryRunner.query(`DROP TABLE "watch_entry"`);
  }
}
