import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ServiceAccounts1796451960872 implements MigrationInterface {
  name = 'ServiceAccounts1796451960872';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "service_account" ("id" character varying(80) NOT NULL, "name" character varying(64) NOT NULL, "owner_id" character varying(80) NOT NULL, "purpose" character varying(200) NOT NULL, "roles" text array NOT NULL, "secret_hash" character varying(256) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "active" boolean NOT NULL DEFAULT true, "token_generation" integer NOT NULL DEFAULT '0', "created_by" character varying(80) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_token_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_2efb318de61f6487f806627dbd2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_service_account_name" ON "service_account"  ("name") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_service_account_name"`);
    await queryRunner.query(`DROP TABLE "service_account"`);
  }
}
