package dev.bulwark.servlet.internal;

import dev.bulwark.http.RequestView;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;

/** A servlet request as the request pipeline reads it. */
public final class ServletRequestView implements RequestView {

  private final HttpServletRequest request;

  public ServletRequestView(HttpServletRequest request) {
    this.request = request;
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String path() {
    return RequestPaths.mapped(request);
  }

  @Override
  public String requestUri() {
    return request.getRequestURI();
  }

  @Override
  public String queryString() {
    return request.getQueryString();
  }

  @Override
  public String header(String name) {
    return request.getHeader(name);
  }

  @Override
  public Iterator<String> headers(String name) {
    return iterate(request.getHeaders(name));
  }

  @Override
  public Iterator<String> headerNames() {
    return iterate(request.getHeaderNames());
  }

  private static Iterator<String> iterate(Enumeration<String> values) {
    return values == null ? Collections.emptyIterator() : values.asIterator();
  }

  @Override
  public long contentLength() {
    return request.getContentLengthLong();
  }

  @Override
  public String remoteAddress() {
    return request.getRemoteAddr();
  }

  @Override
  public boolean secure() {
    return request.isSecure();
  }
}
