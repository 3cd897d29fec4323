package dev.bulwark.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;

/** Which path a request is judged by. */
public final class RequestPaths {

  private RequestPaths() {}

  /**
   * The path the container maps the request by: decoded, normalised, without path parameters and
   * without the context path. Matching the raw request URI instead would let {@code /%61dmin},
   * {@code /admin;x=1} or {@code /./admin} reach the servlet for {@code /admin} past a setting or
   * rule for {@code /admin/**}.
   */
  public static String mapped(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String path = pathInfo == null ? servletPath : servletPath == null ? pathInfo : servletPath + pathInfo;
    if (path == null || path.isEmpty()) {
      // Containers always map a request (the default servlet at least); only mock requests
      // arrive without a mapping, and for them the raw URI is all there is.
      return withinContext(request, request.getRequestURI());
    }
    return path;
  }

  /** A raw request URI without the context path; {@code /} when nothing is left. */
  public static String withinContext(HttpServletRequest request, String uri) {
    String context = request.getContextPath();
    if (uri != null && context != null && !context.isEmpty() && uri.startsWith(context)) {
      uri = uri.substring(context.length());
    }
    return uri == null || uri.isEmpty() ? "/" : uri;
  }
}
