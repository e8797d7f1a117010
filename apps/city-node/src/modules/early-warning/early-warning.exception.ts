import { DomainError } from '@ypf/common';

export enum WarningErrorCode {
  RULE_NOT_FOUND = 'WARNING_RULE_NOT_FOUND',
  ALERT_NOT_FOUND = 'WARNING_ALERT_NOT_FOUND',
  ALREADY_ACKNOWLEDGED = 'ALREADY_ACKNOWLEDGED',
}

export class WarningException extends DomainError {
  static ruleNotFound(id: string) {
    return new WarningException(WarningErrorCode.RULE_NOT_FOUND, `No early-warning rule ${id} at this node.`, { id });
  }
  static alertNotFound(id: string) {
    return new WarningException(WarningErrorCode.ALERT_NOT_FOUND, `No warning alert ${id} at this node.`, { id });
  }
  static alreadyAcknowledged(id: string, by: string, at: string) {
    return new WarningException(WarningErrorCode.ALREADY_ACKNOWLEDGED, `Alert ${id} was acknowledged by ${by} at ${at}.`, { id });
  }
}
