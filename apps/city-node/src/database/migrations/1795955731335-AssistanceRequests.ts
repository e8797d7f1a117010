import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AssistanceRequests1795955731335 implements MigrationInterface {
  name = 'AssistanceRequests1795955731335';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "assistance_request" ("id" character varying(80) NOT NULL, "requester_city" character varying(32) NOT NULL, "kind" character varying(32) NOT NULL, "title" character varying(200) NOT NULL, "description" character varying(4000) NOT NULL, "resource_type" character varying(32) NOT NULL, "quantity" integer NOT NULL, "catalogue_entry_ids" text array NOT NULL, "location" character varying(300) NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE, "serves_reference" character varying(120) NOT NULL, "legal_reference" character varying(200), "priority" character varying(16) NOT NULL, "target_cities" text array NOT NULL, "status" character varying(16) NOT NULL, "cancel_reason" character varying(1000), "created_by_id" character varying(80) NOT NULL, "created_by_name" character varying(120) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_25ec0e8a829c333bd1e5bb9bec9" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_assistance_request_status" ON "assistance_request"  ("status") `);
    await queryRunner.query(`CREATE INDEX "idx_assistance_request_requester" ON "assistance_request"  ("requester_city") `);
    await queryRunner.query(`CREATE TABLE "assistance_answer" ("request_id" character varying(80) NOT NULL, "target_city" character varying(32) NOT NULL, "status" character varying(24) NOT NULL, "reason" character varying(1000), "committed_quantity" integer, "commitment_note" character varying(1000), "committed_by_id" character varying(80), "ack_due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "answer_due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "answered_at" TIMESTAMP WITH TIME ZONE, "committed_at" TIMESTAMP WITH TIME ZONE, "started_at" TIMESTAMP WITH TIME ZONE, "fulfilled_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "ack_escalated_at" TIMESTAMP WITH TIME ZONE, "answer_escalated_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_85e2e960b0ec2f1fabbb9a8f80d" PRIMARY KEY ("request_id", "target_city"))`);
    await queryRunner.query(`CREATE INDEX "idx_assistance_answer_status" ON "assistance_answer"  ("status") `);
    await queryRunner.query(`CREATE TABLE "assistance_event" ("id" character varying(40) NOT NULL, "request_id" character varying(80) NOT NULL, "target_city" character varying(32), "city" character varying(32) NOT NULL, "author_id" character varying(80) NOT NULL, "author_name" character varying(120) NOT NULL, "type" character varying(16) NOT NULL, "action" character varying(32), "status" character varying(24), "text" character varying(4000), "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ecdda49d2a7735d6ce565b31a5e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_assistance_event_request" ON "assistance_event"  ("request_id", "at") `);
    await queryRunner.query(`CREATE TABLE "resource_catalogue_entry" ("id" character varying(80) NOT NULL, "resource_type" character varying(32) NOT NULL, "name" character varying(200) NOT NULL, "description" character varying(2000) NOT NULL, "count" integer NOT NULL, "unit" character varying(200) NOT NULL, "availability" jsonb NOT NULL, "contact" character varying(200) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_83f6b19b403aa7d63a7b2beaf14" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_resource_catalogue_entry_type" ON "resource_catalogue_entry"  ("resource_type") `);
    await queryRunner.query(`CREATE TABLE "officer_notification" ("id" BIGSERIAL NOT NULL, "recipient_role" character varying(32) NOT NULL, "kind" character varying(48) NOT NULL, "text" character varying(1000) NOT NULL, "reference" character varying(120) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_dc4296dd652a26b7cb30a931e69" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_officer_notification_role" ON "officer_notification"  ("recipient_role", "created_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_officer_notification_role"`);
    await queryRunner.query(`DROP TABLE "officer_notification"`);
    await queryRunner.query(`DROP INDEX "public"."idx_resource_catalogue_entry_type"`);
    await queryRunner.query(`DROP TABLE "resource_catalogue_entry"`);
    await queryRunner.query(`DROP INDEX "public"."idx_assistance_event_request"`);
    await queryRunner.query(`DROP TABLE "assistance_event"`);
    await queryRunner.query(`DROP INDEX "public"."idx_assistance_answer_status"`);
    await queryRunner.query(`DROP TABLE "assistance_answer"`);
    await queryRunner.query(`DROP INDEX "public"."idx_assistance_request_requester"`);
    await queryRunner.query(`DROP INDEX "public"."idx_assistance_request_status"`);
    await queryRunner.query(`DROP TABLE "assistance_request"`);
  }
}
