/**
 * Rate limiting ({@code bulwark.rate-limit.*}): rules, keys, the limiter and its failure policies,
 * the penalty box, the concurrency cap, the standard {@code RateLimit} fields and inspection.
 */
package dev.bulwark.ratelimit;
