package dev.bulwark.core;

/**
 * Whether Bulwark refuses what its protections judge, or only reports it ({@code bulwark.mode}).
 */
public enum Mode {
  /** Protections refuse, redirect and send their headers: the default. */
  ENFORCE,
  /**
   * Nothing is refused and nothing is sent that could change what a page does: refusals are
   * counted and logged as "would have refused" and let through, CSP is sent report-only, and the
   * headers that could change a page's behaviour are withheld. The adoption report lists what
   * enforcing would change and the setting or application change that allows each.
   */
  OBSERVE
}
