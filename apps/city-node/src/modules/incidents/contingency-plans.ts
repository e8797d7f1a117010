import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ASSISTANCE_KINDS } from '@ypf/policy';
import { describeZodError } from '@ypf/common';
import { CRIME_CATEGORIES, PRIORITIES } from '@ypf/region';
import { RESOURCE_TYPES } from '../assistance/dto/assistance.input.js';
import { INCIDENT_GRADES, INCIDENT_TYPES, OPERATION_KINDS } from './incident-domain.js';

export const PLANS_FILE = 'contingency-plans.json';

const plannedTaskSchema = z
  .object({
    /** LEAD: the lead city; PARTICIPANTS: every invited or accepted city; ALL: both. */
    assignee: z.enum(['LEAD', 'PARTICIPANTS', 'ALL']),
    unit: z.string().trim().min(2).max(120),
    title: z.string().trim().min(3).max(200),
    description: z.string().trim().min(1).max(2000),
    dueMinutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 90),
    /** A checkpoint task (关城门): each city's acknowledgement is tracked on the plan's board. */
    checkpoint: z.boolean().default(false),
  })
  .strict();

const plannedRequestSchema = z
  .object({
    to: z.literal('PARTICIPANTS'),
    kind: z.enum(ASSISTANCE_KINDS),
    resourceType: z.enum(RESOURCE_TYPES),
    quantity: z.number().int().min(1).max(10_000),
    priority: z.enum(PRIORITIES),
    title: z.string().trim().min(3).max(200),
    description: z.string().trim().min(1).max(4000),
  })
  .strict();

const planSchema = z
  .object({
    code: z.string().regex(/^[A-Z][A-Z0-9_]{2,63}$/, 'must be an upper-case code like CITY_GATES'),
    nameEn: z.string().min(3).max(200),
    nameZh: z.string().min(2).max(200),
    kind: z.enum(OPERATION_KINDS),
    incidentTypes: z.array(z.enum(INCIDENT_TYPES)).default([]),
    grades: z.array(z.enum(INCIDENT_GRADES)).default([]),
    /** Campaign plans: the case categories they answer; empty = any category. */
    categories: z.array(z.enum(CRIME_CATEGORIES)).default([]),
    tasks: z.array(plannedTaskSchema).min(1).max(50),
    assistance: z.array(plannedRequestSchema).max(10).default([]),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.kind === 'INCIDENT' && (p.incidentTypes.length === 0 || p.grades.length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['incidentTypes'], message: 'an incident plan names the incident types and grades it applies to' });
    }
  });

const planFileSchema = z.object({ version: z.string().min(1).max(60), plans: z.array(planSchema).min(1) }).strict();

export type ContingencyPlan = z.output<typeof planSchema>;
export type PlannedTask = z.output<typeof plannedTaskSchema>;

/** The region's contingency plans (预案), loaded from <PLANS_DIR>/contingency-plans.json and validated at start. */
export class ContingencyPlans {
  private constructor(
    readonly version: string,
    private readonly plans: ReadonlyMap<string, ContingencyPlan>,
  ) {}

  static fromDocument(doc: unknown, source = 'plans'): ContingencyPlans {
    const parsed = planFileSchema.safeParse(doc);
    if (!parsed.success) throw new Error(`Invalid contingency plans (${source}):\n${describeZodError(parsed.error)}`);
    const map = new Map<string, ContingencyPlan>();
    for (const p of parsed.data.plans) {
      if (map.has(p.code)) throw new Error(`Invalid contingency plans (${source}): plan ${p.code} is defined twice`);
      map.set(p.code, p);
    }
    return new ContingencyPlans(parsed.data.version, map);
  }

  static loadFromDirectory(dir: string): ContingencyPlans {
    const file = join(dir, PLANS_FILE);
    if (!existsSync(file)) throw new Error(`Contingency plans file ${file} not found (PLANS_DIR=${dir}).`);
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`Contingency plans file ${file} is not valid JSON: ${(e as Error).message}`, { cause: e });
    }
    return ContingencyPlans.fromDocument(doc, file);
  }

  get(code: string): ContingencyPlan | undefined {
    return this.plans.get(code);
  }

  all(): ContingencyPlan[] {
    return [...this.plans.values()];
  }

  /** The campaign plan for a case category: the first naming it, else the first naming none. */
  campaignFor(category: string): ContingencyPlan | undefined {
    const campaigns = this.all().filter((p) => p.kind === 'CAMPAIGN');
    return campaigns.find((p) => (p.categories as string[]).includes(category)) ?? campaigns.find((p) => p.categories.length === 0);
  }
}
