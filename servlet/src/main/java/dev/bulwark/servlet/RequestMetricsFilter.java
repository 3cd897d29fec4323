package dev.bulwark.servlet;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code http.server.requests} for plain servlet applications, as Spring Boot records it: a timer
 * per method, status, outcome and route, where the route is the servlet mapping that served the
 * request ({@code /api/notes/*}), never the raw URI. 404s collapse to {@code NOT_FOUND}, redirects
 * to {@code REDIRECTION}, the default servlet to {@code /**}, so random paths cannot grow the
 * series. Timers are created once per combination and then found by array index: a known route
 * records without allocating. The drop-in initializer maps it ahead of {@link BulwarkFilter}, so
 * requests Bulwark refuses (429, 403, 413...) and the 500s it writes for failing handlers are
 * counted and timed like the rest.
 */
public final class RequestMetricsFilter implements Filter {

  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "OTHER"};

  private final MeterRegistry registry;
  private final ConcurrentMap<String, AtomicReferenceArray<Timer>> routes = new ConcurrentHashMap<>();

  /** Records into a registry. */
  public RequestMetricsFilter(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    long start = System.nanoTime();
    boolean failed = true;
    try {
      chain.doFilter(req, res);
      failed = false;
    } finally {
      // An exception that leaves the chain before the response is committed becomes the
      // container's 500, whatever status was set so far: count it as that.
      int status = failed && !response.isCommitted() ? 500 : response.getStatus();
      timer(route(request.getHttpServletMapping(), status), methodIndex(request.getMethod()), status)
          .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  private Timer timer(String route, int method, int status) {
    int statusIndex = status >= 100 && status < 600 ? status - 100 : 0;
    AtomicReferenceArray<Timer> timers = routes.get(route);
    if (timers == null) {
      timers = routes.computeIfAbsent(route, r -> new AtomicReferenceArray<>(METHODS.length * 500));
    }
    int slot = method * 500 + statusIndex;
    Timer timer = timers.get(slot);
    if (timer == null) {
      timer =
          Timer.builder("http.server.requests")
              .description("HTTP server requests")
              .tag("method", METHODS[method])
              .tag("status", Integer.toString(statusIndex + 100))
              .tag("outcome", outcome(statusIndex + 100))
              .tag("uri", route)
              // Histogram buckets: Prometheus derives p50/p95/p99 (histogram_quantile) across
              // instances, which client-side percentiles could not.
              .publishPercentileHistogram()
              .distributionStatisticExpiry(Duration.ofMinutes(2))
              .register(registry);
      if (!timers.compareAndSet(slot, null, timer)) {
        timer = timers.get(slot);
      }
    }
    return timer;
  }

  /** The route tag: the servlet mapping pattern, with unknown paths collapsed to fixed values. */
  static String route(HttpServletMapping mapping, int status) {
    if (status == 404) {
      return "NOT_FOUND";
    }
    if (status >= 300 && status < 400) {
      return "REDIRECTION";
    }
    if (mapping == null || mapping.getMappingMatch() == null) {
      return "UNKNOWN";
    }
    MappingMatch match = mapping.getMappingMatch();
    return switch (match) {
      case DEFAULT -> "/**";
      case CONTEXT_ROOT -> "/";
      default -> mapping.getPattern();
    };
  }

  private static int methodIndex(String method) {
    for (int i = 0; i < METHODS.length - 1; i++) {
      if (METHODS[i].equals(method)) {
        return i;
      }
    }
    return METHODS.length - 1;
  }

  private static String outcome(int status) {
    if (status < 200) {
      return "INFORMATIONAL";
    }
    if (status < 300) {
      return "SUCCESS";
    }
    if (status < 400) {
      return "REDIRECTION";
    }
    return status < 500 ? "CLIENT_ERROR" : "SERVER_ERROR";
  }
}
