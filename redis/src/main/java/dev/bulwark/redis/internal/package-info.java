/**
 * The Redis rate-limit store: one Lua script call per request, a circuit breaker for Redis's
 * silence, the connection to a standalone server.
 *
 * <p><b>Not API.</b> Internal to this module: it may change in any release, including a patch
 * release, and no other module may import it (the ArchUnit walls in {@code dev.bulwark.Walls}
 * check).
 */
package dev.bulwark.redis.internal;
