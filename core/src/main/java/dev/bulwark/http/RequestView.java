package dev.bulwark.http;

import java.util.Iterator;

/**
 * What the request pipeline reads of a request, whatever server carries it. A host adapts its own
 * request type to this (the servlet module wraps {@code HttpServletRequest}); every method may be
 * called more than once and may throw for input the server itself cannot read, which the pipeline
 * answers as the client's error.
 */
public interface RequestView {

  /** The method, as sent. */
  String method();

  /** The path within the application (no context path, no query), {@code "/"} at least. */
  String path();

  /** The request target's path as sent, with the context path, for redirects. */
  String requestUri();

  /** The raw query string, or {@code null}. */
  String queryString();

  /** The first value of a header, or {@code null}; the name is case-insensitive. */
  String header(String name);

  /** Every value of a header, in arrival order. */
  Iterator<String> headers(String name);

  /** Every header name, once each. */
  Iterator<String> headerNames();

  /** The declared body length, or -1. */
  long contentLength();

  /** The address of the connection's peer. */
  String remoteAddress();

  /** Whether the connection itself is TLS. */
  boolean secure();
}
