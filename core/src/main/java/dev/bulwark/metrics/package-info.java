/**
 * Micrometer binders for the counters Bulwark keeps (security events, rate limiting,
 * authorisation), and the request metrics settings of plain servlet applications ({@code
 * bulwark.metrics.*}).
 */
package dev.bulwark.metrics;
