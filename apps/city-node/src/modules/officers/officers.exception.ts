import { DomainError } from '@ypf/common';

export enum OfficerErrorCode {
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  LOGIN_THROTTLED = 'LOGIN_THROTTLED',
  SESSION_ENDED = 'SESSION_ENDED',
  PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED',
}

export class OfficerException extends DomainError {
  static invalidCredentials() {
    return new OfficerException(OfficerErrorCode.INVALID_CREDENTIALS, 'Unknown username or wrong password for this node. Officers log in at their home city\'s node.');
  }
  static throttled(what: string, until: Date, now: Date) {
    const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
    return new OfficerException(
      OfficerErrorCode.LOGIN_THROTTLED,
      `Too many failed logins ${what}; try again after ${until.toISOString()} (in ${seconds} s). An officer whose password is being guessed can still log in from their own workstation.`,
      { retryAfterSeconds: seconds, until: until.toISOString() },
    );
  }
  static passwordChangeRequired() {
    return new OfficerException(
      OfficerErrorCode.PASSWORD_CHANGE_REQUIRED,
      'Your password was reset by an administrator: log in again with newPassword set to a new password (at least 12 characters with letters and digits, not containing your username).',
    );
  }
  static sessionEnded(why: string) {
    return new OfficerException(OfficerErrorCode.SESSION_ENDED, `${why} Log in again with your password.`);
  }
}
