/**
 * The lowest layer: types every feature package may use (today {@link dev.bulwark.core.ConfigException}).
 * It imports no other Bulwark package, so features can depend on it without a loop back through the
 * {@link dev.bulwark.config.BulwarkConfig} aggregate that sits above them.
 */
package dev.bulwark.core;
