/**
 * Request ids ({@code bulwark.request-id.*}): a valid incoming id, the trace id of a valid W3C
 * {@code traceparent}, or a new one, in the logging context, on the response and in every problem
 * document.
 */
package dev.bulwark.requestid;
