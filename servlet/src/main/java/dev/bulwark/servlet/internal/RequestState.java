package dev.bulwark.servlet.internal;

import dev.bulwark.headers.CspNonce;
import dev.bulwark.headers.HeaderPolicy;
import dev.bulwark.net.ClientInfo;

/** What the filter learned about one request, shared by the response wrapper. */
public record RequestState(ClientInfo client, HeaderPolicy headerPolicy, CspNonce nonce) {}
