import { DomainError } from '@ypf/common';

export enum WatchErrorCode {
  ENTRY_NOT_FOUND = 'WATCH_ENTRY_NOT_FOUND',
  HIT_NOT_FOUND = 'WATCH_HIT_NOT_FOUND',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  SELF_APPROVAL = 'SELF_APPROVAL',
  REVIEW_DATE_TOO_LATE = 'REVIEW_DATE_TOO_LATE',
  NOT_LEAD = 'NOT_LEAD_CITY',
  PURPOSE_REQUIRED = 'PURPOSE_REQUIRED',
  NOT_OWN_OFFICER = 'NOT_OWN_OFFICER',
}

export class WatchException extends DomainError {
  static notFound(id: string) {
    return new WatchException(WatchErrorCode.ENTRY_NOT_FOUND, `No watch entry ${id} that you may see at this node.`, { id });
  }
  static hitNotFound(id: string) {
    return new WatchException(WatchErrorCode.HIT_NOT_FOUND, `No hit report ${id} at this node.`, { id });
  }
  static invalidTransition(what: string, status: string, from: readonly string[]) {
    return new WatchException(WatchErrorCode.INVALID_TRANSITION, `Cannot ${what} an entry that is ${status}; that applies to entries that are ${from.join(' or ')}.`, { status });
  }
  static selfApproval() {
    return new WatchException(WatchErrorCode.SELF_APPROVAL, 'A watch entry must be approved by a SUPERVISOR other than the officer who proposed it; ask another supervisor.');
  }
  static reviewTooLate(category: string, latest: string, days: number) {
    return new WatchException(
      WatchErrorCode.REVIEW_DATE_TOO_LATE,
      `The review date of a ${category} entry may be at most ${days} days ahead (${latest} at the latest); choose an earlier date and extend at review if still needed.`,
      { latest },
    );
  }
  static notLead(id: string, lead: string) {
    return new WatchException(WatchErrorCode.NOT_LEAD, `Entry ${id} is led by ${lead}; only the lead city can do this.`, { lead });
  }
  static purposeRequired(city: string) {
    return new WatchException(WatchErrorCode.PURPOSE_REQUIRED, `${city} answers watch checks and reads only with a stated purpose: send an X-Purpose header (e.g. "traffic stop 苏A12345").`);
  }
  static onBehalfOfAnotherCity(city: string) {
    return new WatchException(WatchErrorCode.NOT_OWN_OFFICER, `A node checks only for its own officers: officer.sub must be one of ${city}'s officer ids (${city}:...).`);
  }
}
