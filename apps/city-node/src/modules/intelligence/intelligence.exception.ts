import { DomainError } from '@ypf/common';

export enum IntelligenceErrorCode {
  REPORT_NOT_FOUND = 'REPORT_NOT_FOUND',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  SELF_APPROVAL = 'SELF_APPROVAL',
  NOT_AUTHOR = 'NOT_AUTHOR',
  PURPOSE_REQUIRED = 'PURPOSE_REQUIRED',
  INVALID_ID = 'INVALID_ID',
}

export class IntelligenceException extends DomainError {
  static notFound(id: string) {
    return new IntelligenceException(IntelligenceErrorCode.REPORT_NOT_FOUND, `No intelligence report ${id} at this node.`, { id });
  }
  static invalidId(id: string, city: string) {
    return new IntelligenceException(
      IntelligenceErrorCode.INVALID_ID,
      `"${String(id).slice(0, 100)}" is not a report id of this node: ids look like ${city}:01JABCDEFGHJKMNPQRSTVWXYZ0.`,
      { field: 'id' },
    );
  }
  static invalidTransition(action: string, status: string, allowedFrom: readonly string[]) {
    return new IntelligenceException(
      IntelligenceErrorCode.INVALID_TRANSITION,
      `Cannot ${action} a report that is ${status}; ${action} applies to reports that are ${allowedFrom.join(' or ')}.`,
      { action, status },
    );
  }
  static selfApproval() {
    return new IntelligenceException(
      IntelligenceErrorCode.SELF_APPROVAL,
      'A report must be approved by a supervisor who is not its author; ask another supervisor of your city.',
    );
  }
  static notAuthor(action: string) {
    return new IntelligenceException(IntelligenceErrorCode.NOT_AUTHOR, `Only the report's author may ${action} it${action === 'update' ? '' : ' (or a supervisor)'}.`);
  }
  static purposeRequired(city: string) {
    return new IntelligenceException(
      IntelligenceErrorCode.PURPOSE_REQUIRED,
      `Cross-city reads of ${city}'s intelligence need a purpose: send the case reference in the X-Purpose header (e.g. "X-Purpose: WX-2026-0001").`,
    );
  }
}
