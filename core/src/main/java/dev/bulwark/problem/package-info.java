/**
 * RFC 9457 problem details: what Bulwark answers instead of a stack trace, rendered as {@code
 * application/problem+json} or a small HTML page.
 */
package dev.bulwark.problem;
