/**
 * The limiter's store in this JVM, compiled rules and buckets.
 *
 * <p><b>Not API.</b> Internal to this module: it may change in any release, including a patch
 * release, and no other module may import it (the ArchUnit walls in {@code dev.bulwark.Walls}
 * check).
 */
package dev.bulwark.ratelimit.internal;
