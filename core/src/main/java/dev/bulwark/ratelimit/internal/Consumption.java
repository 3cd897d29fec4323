package dev.bulwark.ratelimit.internal;

/**
 * The answer of a store.
 *
 * @param allowed whether the tokens were (or could be) taken
 * @param remaining tokens left afterwards
 * @param nanosToWait when refused, how long until enough tokens are back
 */
public record Consumption(boolean allowed, long remaining, long nanosToWait) {}
