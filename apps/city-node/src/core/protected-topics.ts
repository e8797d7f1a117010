import { DomainError } from '@ypf/common';

/**
 * DESIGN 5: the platform holds nothing on ethnicity, religion, political opinion or petitioning. There is no field for
 * them, and free text that names them is refused (in English and Chinese), so that a description cannot carry them.
 */
const PROHIBITED = [
  { topic: 'ethnicity', pattern: /\b(ethnic(ity)?|race|racial)\b|民族|族裔|种族/i },
  { topic: 'religion', pattern: /\b(religio(n|us)|muslim|christian|buddhist|mosque|church|temple|faith)\b|宗教|信仰|信教|清真|教会|寺庙/i },
  { topic: 'political opinion', pattern: /\b(politic(s|al)|dissident|party member)\b|政治|政见|异见|党员/i },
  { topic: 'petitioning', pattern: /\b(petition(er|ing|s)?)\b|信访|上访|访民/i },
];

/** The first prohibited topic a text names, if any. */
export function prohibitedTopic(text: string): string | null {
  return PROHIBITED.find((p) => p.pattern.test(text))?.topic ?? null;
}

/**
 * Refuses input whose free text names a prohibited topic, naming every such field at once (PROHIBITED_DATA). Every
 * capability screens the free text that can hold personal data: watch entries and hits, intelligence reports,
 * assistance requests and their threads.
 */
export function screenProtectedTopics(input: Record<string, unknown>, fields: readonly string[], root = 'input'): void {
  const found = fields.flatMap((field) => {
    const value = input[field];
    const topic = typeof value === 'string' ? prohibitedTopic(value) : null;
    return topic ? [{ field: root ? `${root}.${field}` : field, topic }] : [];
  });
  if (found.length === 0) return;
  throw new DomainError(
    'PROHIBITED_DATA',
    `${found.map((f) => `${f.field} mentions ${f.topic}`).join('; ')}: the platform holds no data on ethnicity, religion, political opinion or petitioning. Describe only what identifies the person and the offence or decision.`,
    { field: found[0].field, fields: found.map((f) => f.field) },
  );
}
