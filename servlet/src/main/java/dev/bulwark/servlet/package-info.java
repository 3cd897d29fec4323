/**
 * Bulwark on Jakarta Servlet 6: {@link dev.bulwark.servlet.BulwarkFilter}, the rate-limit,
 * access-rule and metrics filters, the health servlet, {@link dev.bulwark.servlet.RequestGuard},
 * and the drop-in {@link dev.bulwark.servlet.BulwarkServletContainerInitializer}.
 */
package dev.bulwark.servlet;
