package dev.bulwark.headers;

/**
 * Header settings that weaken protection and therefore stop start-up unless listed in {@code
 * bulwark.headers.allow-risky}. Each allowed one is logged as a warning at every start.
 */
public enum RiskySetting {
  /** {@code 'unsafe-inline'} in a CSP: injected inline scripts or styles run. */
  UNSAFE_INLINE,
  /** {@code 'unsafe-eval'} in a CSP: strings become code. */
  UNSAFE_EVAL,
  /** A bare {@code *} source, or a scheme-only source such as {@code https:} for scripts. */
  WILDCARD,
  /** An HSTS max-age under six months. */
  SHORT_HSTS
}
