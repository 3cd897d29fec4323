/**
 * Jetty 12's own error pages as problem documents ({@link
 * dev.bulwark.servlet.jetty.BulwarkJettyErrorHandler}). Needs {@code jetty-server}, an optional
 * dependency.
 */
package dev.bulwark.servlet.jetty;
