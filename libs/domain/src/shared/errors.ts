/**
 * The domain's error family. Each carries a code the web layer maps to a problem-details
 * response: validation → 400, forbidden → 403, not-found → 404, illegal-state → 409.
 */
export type DomainErrorCode = 'validation' | 'forbidden' | 'not-found' | 'illegal-state';

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  constructor(
    message: string,
    /** The request field the error is about, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  readonly code = 'validation' as const;
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden' as const;
}

export class NotFoundError extends DomainError {
  readonly code = 'not-found' as const;
}

/** The command is well-formed but the aggregate's current state does not allow it. */
export class IllegalStateError extends DomainError {
  readonly code = 'illegal-state' as const;
}
