package dev.bulwark.benchmarks;

import dev.bulwark.servlet.RequestMetricsFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.mock.web.MockHttpServletMapping;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The per-request cost of {@link RequestMetricsFilter#doFilter} on a known route: {@code GET
 * /api/notes/42} served by the servlet mapped at {@code /api/notes/*}, answered 200, recorded into
 * a {@link PrometheusMeterRegistry} as the servlet drop-in does ({@code http.server.requests}
 * with percentile-histogram buckets).
 *
 * <p>One Spring mock request and response are built at set-up and reused, so that the figures hold
 * the filter and not the mocks: {@link #baseline} runs the same no-op chain without the filter,
 * and <strong>the filter's cost is {@code filter - baseline}</strong>, in time and in {@code
 * gc.alloc.rate.norm} (run with {@code -prof gc}). {@link #timerRecordOnly} is the floor: the
 * cached timer's {@code record}, which the filter cannot avoid. The first request creates the
 * timer in set-up; every measured one finds it by route and array index.
 *
 * <p>Targets: under 150 ns and no allocation per request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestMetricsFilterBenchmark {

  private static final FilterChain CHAIN = (request, response) -> {};

  private PrometheusMeterRegistry registry;
  private RequestMetricsFilter filter;
  private MockHttpServletRequest request;
  private MockHttpServletResponse response;
  private io.micrometer.core.instrument.Timer timer;

  @Setup
  public void setUp() throws IOException, ServletException {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    filter = new RequestMetricsFilter(registry);
    request = new MockHttpServletRequest("GET", "/api/notes/42");
    request.setHttpServletMapping(new MockHttpServletMapping("42", "/api/notes/*", "notes", MappingMatch.PATH));
    response = new MockHttpServletResponse();
    response.setStatus(200);
    filter.doFilter(request, response, CHAIN);
    timer = registry.find("http.server.requests").tag("uri", "/api/notes/*").tag("status", "200").timer();
    if (timer == null || timer.count() != 1) {
      throw new IllegalStateException("the filter did not record the set-up request by its route");
    }
  }

  @Benchmark
  public void baseline() throws IOException, ServletException {
    CHAIN.doFilter(request, response);
  }

  @Benchmark
  public void filter() throws IOException, ServletException {
    filter.doFilter(request, response, CHAIN);
  }

  @Benchmark
  public void timerRecordOnly() {
    timer.record(100_000, TimeUnit.NANOSECONDS);
  }
}
