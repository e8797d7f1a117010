import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LoginThrottle1796442710061 implements MigrationInterface {
  name = 'LoginThrottle1796442710061';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "login_throttle" ("key" character varying(240) NOT NULL, "failures" integer NOT NULL, "first_failure_at" TIMESTAMP WITH TIME ZONE NOT NULL, "blocked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_14c03bac82292a8310c54cb98d0" PRIMARY KEY ("key"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "login_throttle"`);
  }
}
