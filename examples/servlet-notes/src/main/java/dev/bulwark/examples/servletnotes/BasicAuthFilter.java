package dev.bulwark.examples.servletnotes;

import dev.bulwark.examples.notes.DemoUsers;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.Base64;
import java.util.Map;

/**
 * The prototype's own HTTP Basic authentication: every page and API call needs a user; static
 * files, the health probes and overall health, the metrics endpoint and the readiness report (both of which Bulwark
 * keeps to trusted addresses) do not. The request it passes on answers {@code getUserPrincipal} and {@code isUserInRole}.
 */
final class BasicAuthFilter implements Filter {

  private final Map<String, DemoUsers.User> users;

  BasicAuthFilter(Map<String, DemoUsers.User> users) {
    this.users = users;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    // The path the container dispatches on (decoded, dot segments resolved), never the raw URI:
    // "/static/../api/notes" starts with "/static/" but is served by the notes API. Bulwark's own
    // endpoints answer trusted addresses only (bulwark.*.trusted-addresses).
    String path = dispatchedPath(request);
    if (path.startsWith("/static/") || path.equals("/health") || path.startsWith("/health/") || path.equals("/metrics") || path.equals("/readiness")
        || path.equals("/bulwark/rate-limit") || path.startsWith("/bulwark/rate-limit/")) {
      chain.doFilter(req, res);
      return;
    }
    DemoUsers.User user = authenticate(request.getHeader("Authorization"));
    if (user == null) {
      response.setHeader("WWW-Authenticate", "Basic realm=\"notes\", charset=\"UTF-8\"");
      response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
      return;
    }
    chain.doFilter(new AuthenticatedRequest(request, user), response);
  }

  /** The path within the context that chose the servlet: servlet path plus path info. */
  private static String dispatchedPath(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    return (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
  }

  private DemoUsers.User authenticate(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return null;
    }
    DemoUsers.User user = users.get(decoded.substring(0, colon));
    byte[] given = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
    byte[] expected = (user == null ? "" : user.password()).getBytes(StandardCharsets.UTF_8);
    boolean matches = MessageDigest.isEqual(given, expected);
    return user != null && matches ? user : null;
  }

  private static final class AuthenticatedRequest extends HttpServletRequestWrapper {
    private final DemoUsers.User user;

    AuthenticatedRequest(HttpServletRequest request, DemoUsers.User user) {
      super(request);
      this.user = user;
    }

    @Override
    public Principal getUserPrincipal() {
      return user::name;
    }

    @Override
    public String getRemoteUser() {
      return user.name();
    }

    @Override
    public boolean isUserInRole(String role) {
      return user.roles().contains(role);
    }

    @Override
    public String getAuthType() {
      return HttpServletRequest.BASIC_AUTH;
    }
  }
}
