/**
 * CORS ({@code bulwark.cors.*}): allowed origins as exact values or patterns, preflight answers,
 * and response headers that never reflect an arbitrary origin.
 */
package dev.bulwark.cors;
