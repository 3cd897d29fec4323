/**
 * The rate-limit store SPI: what a store must do for the {@link dev.bulwark.ratelimit.RateLimiter}
 * to keep its buckets and penalty blocks somewhere else (in this JVM, in Redis, in your own
 * backend). A store decides the {@link dev.bulwark.ratelimit.spi.Step}s of one request in one call,
 * atomically, and every implementation passes the same conformance test
 * ({@code RateLimitStoreContract} in {@code bulwark-core}'s test jar).
 */
package dev.bulwark.ratelimit.spi;
