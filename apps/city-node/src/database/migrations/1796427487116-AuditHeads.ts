import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditHeads1796427487116 implements MigrationInterface {
  name = 'AuditHeads1796427487116';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_head" ("seq" bigint NOT NULL, "hash" character(64) NOT NULL, "entries" bigint NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "signature" character varying(100) NOT NULL, CONSTRAINT "PK_e402802bedee0b2a3a2387aea82" PRIMARY KEY ("seq"))`);
    await queryRunner.query(`CREATE TABLE "audit_head_countersignature" ("witness_city" character varying(32) NOT NULL, "seq" bigint NOT NULL, "hash" character(64) NOT NULL, "head_signed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "head_signature" character varying(100) NOT NULL, "countersigned_at" TIMESTAMP WITH TIME ZONE NOT NULL, "countersignature" character varying(100) NOT NULL, CONSTRAINT "PK_d5891d8624fa0468557daf62d87" PRIMARY KEY ("witness_city", "seq"))`);
    await queryRunner.query(`CREATE TABLE "witnessed_audit_head" ("city" character varying(32) NOT NULL, "seq" bigint NOT NULL, "hash" character(64) NOT NULL, "entries" bigint NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "signature" character varying(100) NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "conflict" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_69fbba5eade03a267357dff6c6b" PRIMARY KEY ("city", "seq", "hash"))`);
    await queryRunner.query(`CREATE TABLE "audit_equivocation" ("id" BIGSERIAL NOT NULL, "city" character varying(32) NOT NULL, "kind" character varying(16) NOT NULL, "held_head" jsonb NOT NULL, "offered_head" jsonb NOT NULL, "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c3c0e53617108b364a34977b35f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_audit_equivocation_city" ON "audit_equivocation"  ("city", "detected_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_audit_equivocation_city"`);
    await queryRunner.query(`DROP TABLE "audit_equivocation"`);
    await queryRunner.query(`DROP TABLE "witnessed_audit_head"`);
    await queryRunner.query(`DROP TABLE "audit_head_countersignature"`);
    await queryRunner.query(`DROP TABLE "audit_head"`);
  }
}
