/**
 * Helpers shared by core's packages: durations, a small JSON writer and reader, log throttling,
 * UTF-8 validation.
 *
 * <p><b>Not API.</b> Internal to this module: it may change in any release, including a patch
 * release, and no other module may import it (the ArchUnit walls in {@code dev.bulwark.Walls}
 * check).
 */
package dev.bulwark.internal;
