/**
 * Finds the inline scripts and styles in an application's templates and judges them against the
 * configured Content-Security-Policy, for the readiness report.
 */
package dev.bulwark.templates;
