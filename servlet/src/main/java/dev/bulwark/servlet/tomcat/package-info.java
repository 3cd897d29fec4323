/**
 * Tomcat's own error pages as problem documents ({@link
 * dev.bulwark.servlet.tomcat.BulwarkErrorReportValve}). Needs {@code tomcat-embed-core}, an
 * optional dependency.
 */
package dev.bulwark.servlet.tomcat;
