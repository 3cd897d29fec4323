/**
 * Security headers ({@code bulwark.headers.*}): the header policy, Content-Security-Policy with
 * per-response nonces, CSP violation reports, HSTS and the removal of headers that leak.
 */
package dev.bulwark.headers;
