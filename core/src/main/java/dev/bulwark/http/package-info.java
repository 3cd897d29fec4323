/**
 * The HTTP-neutral request pipeline: the request view a host adapts its request to, the exchange,
 * the one stage shape, verdicts and the failure boundary.
 */
package dev.bulwark.http;
