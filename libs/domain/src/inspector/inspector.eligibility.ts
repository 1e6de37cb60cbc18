/**
 * Who may be drawn. "An inspector without a valid certificate cannot be drawn" (000 §12, §18;
 * 002 §11 §22): the draw asks this pure function about each candidate on the draw's date.
 * Dates are calendar days (YYYY-MM-DD), compared as strings. A certificate's `validUntil` is
 * inclusive (有效期至, as printed): drawable on that day, not the day after. Revocation and
 * leaving take effect on their own date, so the question can be asked about any day.
 */
import { EnforcementCertificate } from './inspector.events';

export type NotDrawableReason = 'not-registered' | 'left' | 'no-certificate' | 'certificate-revoked' | 'certificate-not-yet-valid' | 'certificate-expired';

export interface Drawability {
  readonly drawable: boolean;
  readonly reason?: NotDrawableReason;
  /** A sentence for people, e.g. for the draw's published record of who was excluded and why. */
  readonly detail?: string;
}

export interface CertificateStanding extends EnforcementCertificate {
  /** The day a lapse was recorded (EnforcementCertificateExpired); null while none is. */
  readonly expiredOn: string | null;
  readonly revokedOn: string | null;
}

/** The facts drawability depends on; the inspector's state and its read model both carry them. */
export type DrawabilityFacts =
  | { readonly status: 'unregistered' }
  | { readonly status: 'active' | 'left'; readonly leftOn: string | null; readonly certificate: CertificateStanding | null };

export function isDrawable(facts: DrawabilityFacts, onDate: string): Drawability {
  if (facts.status === 'unregistered') return refuse('not-registered', 'not in the inspector registry');
  if (facts.leftOn !== null && facts.leftOn <= onDate) return refuse('left', `left the registry on ${facts.leftOn}`);
  const certificate = facts.certificate;
  if (!certificate) return refuse('no-certificate', 'holds no enforcement certificate');
  if (certificate.revokedOn !== null && certificate.revokedOn <= onDate) {
    return refuse('certificate-revoked', `enforcement certificate ${certificate.number} was revoked on ${certificate.revokedOn}`);
  }
  if (onDate < certificate.validFrom) {
    return refuse('certificate-not-yet-valid', `enforcement certificate ${certificate.number} is valid only from ${certificate.validFrom}`);
  }
  if (onDate > certificate.validUntil) {
    return refuse('certificate-expired', `enforcement certificate ${certificate.number} expired after ${certificate.validUntil}`);
  }
  return { drawable: true };
}

const refuse = (reason: NotDrawableReason, detail: string): Drawability => ({ drawable: false, reason, detail });
