package dev.bulwark.servlet.internal;

import dev.bulwark.headers.CspNonce;
import dev.bulwark.headers.HeaderPolicy;
import dev.bulwark.net.ClientInfo;

/**
 * What the filter learned about one request, shared by the response wrapper.
 *
 * @param client the resolved client
 * @param headerPolicy the headers for the request's path
 * @param nonce the response's CSP nonce
 * @param requestId the request id, or {@code null} when request ids are off
 */
public record RequestState(ClientInfo client, HeaderPolicy headerPolicy, CspNonce nonce, String requestId) {}
