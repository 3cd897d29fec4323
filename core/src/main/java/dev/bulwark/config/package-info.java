/**
 * The configuration model: {@link dev.bulwark.config.BulwarkConfig}, the immutable aggregate of
 * every protection's record, and its loader from properties, environment variables and system
 * properties.
 */
package dev.bulwark.config;
