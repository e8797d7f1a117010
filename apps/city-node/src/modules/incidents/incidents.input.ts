import { z } from 'zod';
import { CITY_CODES } from '@ypf/region';
import { citySchema, reasonSchema, timestampSchema, titleSchema } from '../../core/input-schemas.js';
import { INCIDENT_GRADES, INCIDENT_TYPES, OPERATION_KINDS, OPERATION_STATUSES, STATUS_ACTIONS, TASK_ACTIONS } from './incident-domain.js';

export const gradeSchema = z.enum(INCIDENT_GRADES, { error: () => 'must be one of I, II, III, IV (特别重大, 重大, 较大, 一般)' });
const citiesSchema = z
  .array(citySchema)
  .max(CITY_CODES.length)
  .transform((v) => [...new Set(v)]);
const operationIdSchema = z.string().regex(/^[a-z]+:[0-9A-Z]{26}$/, 'must be an operation id like suzhou:01J...');

export const reportIncidentInputSchema = z
  .object({
    title: titleSchema,
    incidentType: z.enum(INCIDENT_TYPES),
    grade: gradeSchema,
    location: z.string().trim().min(2).max(300),
    affectedArea: z.string().trim().min(2).max(500),
    summary: z.string().trim().min(3).max(4000),
    commanderName: z.string().trim().min(2, 'name the incident commander').max(120),
    commanderContact: z.string().trim().min(3, "give the incident commander's contact").max(120),
    invitedCities: citiesSchema.nullish().transform((v) => v ?? []),
  })
  .strict();

export const regradeInputSchema = z.object({ grade: gradeSchema, reason: reasonSchema }).strict();

export const invitationAnswerInputSchema = z
  .object({
    accept: z.boolean(),
    liaisonName: z.string().trim().min(2).max(120).nullish(),
    liaisonContact: z.string().trim().min(3).max(120).nullish(),
    reason: reasonSchema.nullish(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.accept && !v.liaisonName)
      ctx.addIssue({ code: 'custom', path: ['liaisonName'], message: "accepting names your city's liaison to the incident command" });
    if (v.accept && !v.liaisonContact) ctx.addIssue({ code: 'custom', path: ['liaisonContact'], message: "accepting gives your liaison's contact" });
    if (!v.accept && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'declining needs a reason' });
  });

export const taskInputSchema = z
  .object({
    city: citySchema,
    unit: z.string().trim().min(2).max(120),
    title: titleSchema,
    description: z.string().trim().min(1).max(2000),
    dueAt: timestampSchema.nullish(),
    checkpoint: z
      .boolean()
      .nullish()
      .transform((v) => v ?? false),
  })
  .strict();

export const taskUpdateInputSchema = z
  .object({
    action: z.enum(TASK_ACTIONS),
    note: z.string().trim().min(1).max(1000).nullish(),
  })
  .strict();

const casualtiesSchema = z
  .object({
    killed: z.number().int().min(0).max(100_000).nullish(),
    injured: z.number().int().min(0).max(100_000).nullish(),
    missing: z.number().int().min(0).max(100_000).nullish(),
    evacuated: z.number().int().min(0).max(10_000_000).nullish(),
    arrested: z.number().int().min(0).max(100_000).nullish(),
  })
  .strict()
  .transform((v) => Object.fromEntries(Object.entries(v).filter(([, n]) => typeof n === 'number')) as Record<string, number>);

export const sitrepInputSchema = z
  .object({
    situation: z.string().trim().min(3, 'describe the current situation').max(4000),
    actionsTaken: z.string().trim().min(3, 'describe the actions taken since the last report').max(4000),
    resourcesDeployed: z.string().trim().max(2000).nullish(),
    nextSteps: z.string().trim().max(2000).nullish(),
    casualties: casualtiesSchema.nullish(),
  })
  .strict();

export const statusChangeInputSchema = z
  .object({
    action: z.enum(STATUS_ACTIONS),
    reason: z.string().trim().min(5, 'must give a reason of at least 5 characters').max(1000).nullish(),
    afterActionReview: z
      .string()
      .trim()
      .min(20, 'the after-action review must say what happened, what worked and what to change (at least 20 characters)')
      .max(20_000)
      .nullish(),
  })
  .strict();

export const operationFilterSchema = z
  .object({
    kind: z.enum(OPERATION_KINDS).nullish(),
    status: z.enum(OPERATION_STATUSES).nullish(),
    openOnly: z.boolean().nullish(),
    /** Only those this city leads (the regional board asks every city for these). */
    ledHere: z.boolean().nullish(),
    limit: z.number().int().min(1).max(200).nullish(),
  })
  .strict();

export { operationIdSchema, citiesSchema };
