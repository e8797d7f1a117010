import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OfficerTokenGeneration1796450170218 implements MigrationInterface {
  name = 'OfficerTokenGeneration1796450170218';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "officer_revocation" ("sub" character varying(80) NOT NULL, "min_generation" integer NOT NULL, "reason" character varying(20) NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ddfdeef2523784591da2aee4bdc" PRIMARY KEY ("sub"))`);
    await queryRunner.query(`ALTER TABLE "officer" ADD "token_generation" integer NOT NULL DEFAULT '0'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "officer" DROP COLUMN "token_generation"`);
    await queryRunner.query(`DROP TABLE "officer_revocation"`);
  }
}
