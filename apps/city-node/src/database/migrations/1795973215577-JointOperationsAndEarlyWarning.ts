import type { MigrationInterface, QueryRunner } from 'typeorm';

export class JointOperationsAndEarlyWarning1795973215577 implements MigrationInterface {
  name = 'JointOperationsAndEarlyWarning1795973215577';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "joint_operation" ("id" character varying(80) NOT NULL, "kind" character varying(16) NOT NULL, "lead_city" character varying(32) NOT NULL, "title" character varying(200) NOT NULL, "incident_type" character varying(32), "grade" character varying(4), "category" character varying(48), "warning_level" character varying(8), "location" character varying(300) NOT NULL, "affected_area" character varying(500) NOT NULL, "summary" character varying(4000) NOT NULL, "commander_name" character varying(120) NOT NULL, "commander_contact" character varying(120) NOT NULL, "status" character varying(16) NOT NULL, "plan_code" character varying(64), "after_action_review" text, "source_reference" character varying(120), "version" integer NOT NULL, "last_sitrep_seq" integer NOT NULL, "reported_by_id" character varying(120) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_c84c8ddc7294f93bc9b0a6ea9bd" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_joint_operation_source" ON "joint_operation"  ("source_reference") `);
    await queryRunner.query(`CREATE INDEX "idx_joint_operation_status" ON "joint_operation"  ("status", "updated_at") `);
    await queryRunner.query(`CREATE TABLE "operation_participant" ("operation_id" character varying(80) NOT NULL, "city" character varying(32) NOT NULL, "status" character varying(16) NOT NULL, "liaison_name" character varying(120), "liaison_contact" character varying(120), "reason" character varying(1000), "invited_at" TIMESTAMP WITH TIME ZONE NOT NULL, "answered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_322d47904a5c5a8868325d0cbb8" PRIMARY KEY ("operation_id", "city"))`);
    await queryRunner.query(`CREATE TABLE "operation_task" ("id" character varying(80) NOT NULL, "operation_id" character varying(80) NOT NULL, "city" character varying(32) NOT NULL, "unit" character varying(120) NOT NULL, "title" character varying(200) NOT NULL, "description" character varying(2000) NOT NULL, "status" character varying(16) NOT NULL, "checkpoint" boolean NOT NULL DEFAULT false, "plan_code" character varying(64), "due_at" TIMESTAMP WITH TIME ZONE, "note" character varying(1000), "updated_by" character varying(120), "acknowledged_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_eb69de25d0bd10d8292fc204917" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_operation_task_operation" ON "operation_task"  ("operation_id", "city") `);
    await queryRunner.query(`CREATE TABLE "operation_sitrep" ("operation_id" character varying(80) NOT NULL, "seq" integer NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "issued_by_id" character varying(120) NOT NULL, "issued_by_name" character varying(120) NOT NULL, "status_at_issue" character varying(16) NOT NULL, "grade_at_issue" character varying(8), "situation" character varying(4000) NOT NULL, "actions_taken" character varying(4000) NOT NULL, "resources_deployed" character varying(2000), "next_steps" character varying(2000), "casualties" jsonb, CONSTRAINT "PK_8df43840de1c3d00dd2a2635fd0" PRIMARY KEY ("operation_id", "seq"))`);
    await queryRunner.query(`CREATE TABLE "case_statistic" ("city" character varying(32) NOT NULL, "category" character varying(48) NOT NULL, "area" character varying(60) NOT NULL, "period_start" TIMESTAMP WITH TIME ZONE NOT NULL, "count" integer NOT NULL, "recorded_by" character varying(120) NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_99ede93114fe4e16d39e3cd8e71" PRIMARY KEY ("city", "category", "area", "period_start"))`);
    await queryRunner.query(`CREATE INDEX "idx_case_statistic_window" ON "case_statistic"  ("category", "period_start") `);
    await queryRunner.query(`CREATE TABLE "warning_rule" ("id" character varying(80) NOT NULL, "name" character varying(200) NOT NULL, "category" character varying(48) NOT NULL, "scope" character varying(8) NOT NULL, "area" character varying(60), "cities" character varying array NOT NULL, "method" character varying(12) NOT NULL, "window_hours" integer NOT NULL, "bucket_hours" integer NOT NULL, "baseline_buckets" integer NOT NULL, "cusum_k" double precision NOT NULL, "thresholds" jsonb NOT NULL, "min_count" integer NOT NULL, "hold_minutes" integer NOT NULL, "hysteresis_percent" integer NOT NULL, "campaign_cities" character varying array NOT NULL, "enabled" boolean NOT NULL, "created_by" character varying(120) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "state_level" character varying(8), "candidate_level" character varying(8), "candidate_since" TIMESTAMP WITH TIME ZONE, "clear_since" TIMESTAMP WITH TIME ZONE, "open_alert_id" character varying(80), "last_value" double precision, "last_count" integer, "last_evaluated_at" TIMESTAMP WITH TIME ZONE, "last_error" character varying(1000), CONSTRAINT "PK_abd37412483a25460af6a5f8410" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "warning_alert" ("id" character varying(80) NOT NULL, "rule_id" character varying(80) NOT NULL, "level" character varying(8) NOT NULL, "status" character varying(12) NOT NULL, "campaign_id" character varying(80), "cities" character varying array NOT NULL, "history" jsonb NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "resolved_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by" character varying(120), "acknowledged_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_4592ba461e6c48795f5cc407264" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_warning_alert_rule" ON "warning_alert"  ("rule_id", "opened_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_warning_alert_rule"`);
    await queryRunner.query(`DROP TABLE "warning_alert"`);
    await queryRunner.query(`DROP TABLE "warning_rule"`);
    await queryRunner.query(`DROP INDEX "public"."idx_case_statistic_window"`);
    await queryRunner.query(`DROP TABLE "case_statistic"`);
    await queryRunner.query(`DROP TABLE "operation_sitrep"`);
    await queryRunner.query(`DROP INDEX "public"."idx_operation_task_operation"`);
    await queryRunner.query(`DROP TABLE "operation_task"`);
    await queryRunner.query(`DROP TABLE "operation_participant"`);
    await queryRunner.query(`DROP INDEX "public"."idx_joint_operation_status"`);
    await queryRunner.query(`DROP INDEX "public"."idx_joint_operation_source"`);
    await queryRunner.query(`DROP TABLE "joint_operation"`);
  }
}
