/**
 * Client addresses: CIDR ranges, trusted proxies, the client IP resolved from {@code Forwarded} and
 * {@code X-Forwarded-*}, {@code Host} values, and redaction of secrets and addresses in logs.
 */
package dev.bulwark.net;
