import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OfficerMustChangePassword1796444840143 implements MigrationInterface {
  name = 'OfficerMustChangePassword1796444840143';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "officer" ADD "must_change_password" boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "officer" DROP COLUMN "must_change_password"`);
  }
}
