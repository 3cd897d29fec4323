/**
 * Request limits ({@code bulwark.limits.*}): methods, sizes of the URI, headers and body, content
 * types, query strings, the body meter and JSON parser limits.
 */
package dev.bulwark.limits;
