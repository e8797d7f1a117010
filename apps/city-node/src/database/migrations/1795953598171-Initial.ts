import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class Initial1795953598171 implements MigrationInterface {
  name = 'Initial1795953598171';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_entry" ("seq" bigint NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" character varying(100) NOT NULL, "actor_city" character varying(32) NOT NULL, "actor_roles" text array NOT NULL, "purpose" character varying(128), "action" character varying(64) NOT NULL, "resource_kind" character varying(32), "resource_ids" text array NOT NULL, "access_level" character varying(16), "outcome" character varying(16) NOT NULL, "detail" text, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_bb4ea39cbd1686232d5fdda3a01" PRIMARY KEY ("seq"))`);
    await queryRunner.query(`CREATE INDEX "idx_audit_entry_action" ON "audit_entry"  ("action") `);
    await queryRunner.query(`CREATE INDEX "idx_audit_entry_actor_city" ON "audit_entry"  ("actor_city") `);
    await queryRunner.query(`CREATE TABLE "seen_node_token" ("jti" character varying(64) NOT NULL, "issuer_city" character varying(32) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_cd14f897d6324f8a46aa5775e12" PRIMARY KEY ("jti"))`);
    await queryRunner.query(`CREATE INDEX "idx_seen_node_token_expires_at" ON "seen_node_token"  ("expires_at") `);
    await queryRunner.query(`CREATE TABLE "intelligence_dissemination" ("id" BIGSERIAL NOT NULL, "report_id" character varying(80) NOT NULL, "recipient_city" character varying(32) NOT NULL, "officer_id" character varying(80) NOT NULL, "role" character varying(120), "access_level" character varying(16) NOT NULL, "purpose" character varying(128), "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f6c3af372e8d4e922e462fb98a9" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_intelligence_dissemination_report" ON "intelligence_dissemination"  ("report_id") `);
    await queryRunner.query(`CREATE TABLE "intelligence_report" ("id" character varying(80) NOT NULL, "status" character varying(16) NOT NULL, "title" character varying(200) NOT NULL, "summary" character varying(2000) NOT NULL, "body" text, "category" character varying(32) NOT NULL, "source_reliability" character(1) NOT NULL, "information_credibility" smallint NOT NULL, "tlp" character varying(16) NOT NULL, "handling_conditions" text array NOT NULL, "scope" character varying(16) NOT NULL, "recipient_cities" text array NOT NULL, "review_date" date NOT NULL, "author_id" character varying(80) NOT NULL, "author_name" character varying(120) NOT NULL, "approved_by_id" character varying(80), "return_reason" character varying(1000), "withdrawn_reason" character varying(1000), "last_review_reason" character varying(1000), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE, "approved_at" TIMESTAMP WITH TIME ZONE, "published_at" TIMESTAMP WITH TIME ZONE, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "last_reviewed_at" TIMESTAMP WITH TIME ZONE, "purged_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_1a661878157e818b7c705cef2d9" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_intelligence_report_published_at" ON "intelligence_report"  ("published_at") `);
    await queryRunner.query(`CREATE INDEX "idx_intelligence_report_author" ON "intelligence_report"  ("author_id") `);
    await queryRunner.query(`CREATE INDEX "idx_intelligence_report_status" ON "intelligence_report"  ("status") `);
    await queryRunner.query(`CREATE TABLE "intelligence_identifier" ("report_id" character varying(80) NOT NULL, "blind_index" character(64) NOT NULL, "kind" character varying(24) NOT NULL, "value" character varying(128) NOT NULL, CONSTRAINT "PK_783febe37aaebe9d0c4286d5736" PRIMARY KEY ("report_id", "blind_index"))`);
    await queryRunner.query(`CREATE INDEX "idx_intelligence_identifier_blind_index" ON "intelligence_identifier"  ("blind_index") `);
    await queryRunner.query(`CREATE TABLE "officer" ("id" character varying(80) NOT NULL, "username" character varying(64) NOT NULL, "display_name" character varying(120) NOT NULL, "password_hash" character varying(256) NOT NULL, "roles" text array NOT NULL, "unit" character varying(200), "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b9bab694da36794c5065085936c" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_officer_username" ON "officer"  ("username") `);
    // The audit log is append-only: the database itself refuses UPDATE and DELETE on it.
    await queryRunner.query(`CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_entry is append-only (% refused)', TG_OP; END $$`);
    await queryRunner.query(`CREATE TRIGGER audit_entry_no_update_delete BEFORE UPDATE OR DELETE ON "audit_entry" FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`);
    await queryRunner.query(`CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON "audit_entry" FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_officer_username"`);
    await queryRunner.query(`DROP TABLE "officer"`);
    await queryRunner.query(`DROP INDEX "public"."idx_intelligence_identifier_blind_index"`);
    await queryRunner.query(`DROP TABLE "intelligence_identifier"`);
    await queryRunner.query(`DROP INDEX "public"."idx_intelligence_report_status"`);
    await queryRunner.query(`DROP INDEX "public"."idx_intelligence_report_author"`);
    await queryRunner.query(`DROP INDEX "public"."idx_intelligence_report_published_at"`);
    await queryRunner.query(`DROP TABLE "intelligence_report"`);
    await queryRunner.query(`DROP INDEX "public"."idx_intelligence_dissemination_report"`);
    await queryRunner.query(`DROP TABLE "intelligence_dissemination"`);
    await queryRunner.query(`DROP INDEX "public"."idx_seen_node_token_expires_at"`);
    await queryRunner.query(`DROP TABLE "seen_node_token"`);
    await queryRunner.query(`DROP INDEX "public"."idx_audit_entry_actor_city"`);
    await queryRunner.query(`DROP INDEX "public"."idx_audit_entry_action"`);
    await queryRunner.query(`DROP TRIGGER audit_entry_no_truncate ON "audit_entry"`);
    await queryRunner.query(`DROP TRIGGER audit_entry_no_update_delete ON "audit_entry"`);
    await queryRunner.query(`DROP TABLE "audit_entry"`);
    await queryRunner.query(`DROP FUNCTION audit_entry_append_only()`);
  }
}
