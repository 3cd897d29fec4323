package dev.bulwark.spring.autoconfigure;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;

/**
 * What Spring Security's {@code http.headers(...)} writes, read at start-up by running each
 * {@link SecurityFilterChain}'s {@link HeaderWriterFilter} once against a made-up HTTPS {@code GET
 * /} (the filter exposes no other view of its writers). Loaded only when Spring Security is.
 */
final class SpringSecurityHeaders {

  /**
   * Spring Security's defaults ({@code HeadersConfigurer}): a header it writes with this value is
   * not the application's setting. Cache-Control, Pragma, Expires and X-XSS-Protection are not
   * headers Bulwark writes over the application's.
   */
  static final Map<String, String> DEFAULTS =
      Map.of(
          "X-Content-Type-Options", "nosniff",
          "X-Frame-Options", "DENY",
          "Strict-Transport-Security", "max-age=31536000 ; includeSubDomains");

  private SpringSecurityHeaders() {}

  /** One chain's headers: the values written, or {@code null} when the chain writes none. */
  record Chain(String name, Map<String, String> headers) {}

  /** Reads every chain; a chain that cannot be read is left out and named in {@code unreadable}. */
  static Map<String, Chain> read(ListableBeanFactory beans, Map<String, String> unreadable) {
    Map<String, Chain> chains = new LinkedHashMap<>();
    beans.getBeansOfType(SecurityFilterChain.class, false, false).forEach((name, chain) -> {
      Filter writer = chain.getFilters().stream().filter(HeaderWriterFilter.class::isInstance).findFirst().orElse(null);
      if (writer == null) {
        chains.put(name, new Chain(name, null));
        return;
      }
      try {
        chains.put(name, new Chain(name, observe(writer)));
      } catch (Exception | LinkageError e) {
        unreadable.put(name, e.toString());
      }
    });
    return chains;
  }

  private static Map<String, String> observe(Filter filter) throws Exception {
    Map<String, String> written = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    filter.doFilter(request(), response(written), (req, res) -> {});
    return written;
  }

  private static HttpServletRequest request() {
    Map<String, Object> attributes = new HashMap<>();
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            SpringSecurityHeaders.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "isSecure" -> true;
                  case "getScheme" -> "https";
                  case "getMethod" -> "GET";
                  case "getRequestURI", "getServletPath" -> "/";
                  case "getContextPath" -> "";
                  case "getServerName" -> "bulwark.invalid";
                  case "getServerPort" -> 443;
                  case "getRequestURL" -> new StringBuffer("https://bulwark.invalid/");
                  case "getDispatcherType" -> DispatcherType.REQUEST;
                  case "getAttribute" -> attributes.get((String) args[0]);
                  case "setAttribute" -> attributes.put((String) args[0], args[1]);
                  case "removeAttribute" -> attributes.remove((String) args[0]);
                  case "getAttributeNames" -> Collections.enumeration(attributes.keySet());
                  case "getHeaders", "getHeaderNames", "getParameterNames", "getLocales" -> Collections.emptyEnumeration();
                  case "getParameterMap" -> Map.of();
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  case "toString" -> "GET https://bulwark.invalid/";
                  default -> zero(method.getReturnType());
                });
  }

  private static HttpServletResponse response(Map<String, String> written) {
    return (HttpServletResponse)
        Proxy.newProxyInstance(
            SpringSecurityHeaders.class.getClassLoader(),
            new Class<?>[] {HttpServletResponse.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "setHeader", "addHeader" -> written.merge((String) args[0], String.valueOf(args[1]), (a, b) ->
                      method.getName().equals("setHeader") ? b : a + ", " + b);
                  case "setIntHeader", "addIntHeader", "setDateHeader", "addDateHeader" -> written.put((String) args[0], String.valueOf(args[1]));
                  case "containsHeader" -> written.containsKey((String) args[0]);
                  case "getHeader" -> written.get((String) args[0]);
                  case "getHeaders" -> written.containsKey((String) args[0]) ? java.util.List.of(written.get((String) args[0])) : java.util.List.of();
                  case "getHeaderNames" -> java.util.List.copyOf(written.keySet());
                  case "getStatus" -> 200;
                  case "getBufferSize" -> 8192;
                  case "getCharacterEncoding" -> "UTF-8";
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  case "toString" -> "200";
                  default -> zero(method.getReturnType());
                });
  }

  private static Object zero(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    return null;
  }
}
