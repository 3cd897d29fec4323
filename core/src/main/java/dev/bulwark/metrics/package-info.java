/**
 * Micrometer binders for the counters Bulwark keeps (security events, rate limiting,
 * authorisation), and the request metrics settings of plain servlet applications ({@code
 * bulwark.metrics.*}).
 *
 * <p>The binders need {@code io.micrometer:micrometer-core}, an optional dependency of Bulwark's
 * core: the servlet initializer and the Spring starter create them only where Micrometer is.
 */
package dev.bulwark.metrics;
