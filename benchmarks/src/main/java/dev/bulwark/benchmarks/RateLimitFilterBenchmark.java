package dev.bulwark.benchmarks;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.servlet.BulwarkFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The whole {@link BulwarkFilter#doFilter} on the allow path with rate limiting on: {@code
 * bulwark.rate-limit.enabled=true} and nothing else, so the default rules and the local store
 * apply ({@code global}: 100/1s and 3000/1m per address; {@code login}: POST to sign-in paths only,
 * so it does not match here; {@code auth-failures}: a penalty box that only counts 401 answers, but
 * still checks the block and the bucket on every request).
 *
 * <p>The request is {@code BulwarkFilterBenchmark}'s {@code getJson} ({@code GET /api/notes} over
 * HTTPS to {@code app.example.com}, a chain writing a small JSON body), except that each
 * invocation comes from the next of {@value #ADDRESSES} precomputed client addresses (all of
 * {@code 198.18.0.0/16}), so no address comes near its 100 requests a second and nothing is
 * refused. Set-up checks that the answer is a 200 with the {@code RateLimit} fields; tear-down
 * fails the run if any request was refused.
 *
 * <p>Three twins, with new Spring mocks per invocation and the same addresses:
 *
 * <ul>
 *   <li>{@link #baselineGetJson}: mocks and chain only;
 *   <li>{@link #filterGetJson}: the filter with {@code BulwarkConfig.defaults()} (rate limiting
 *       off), as in {@code BulwarkFilterBenchmark};
 *   <li>{@link #rateLimitedGetJson}: the filter with rate limiting on.
 * </ul>
 *
 * <p>So {@code rateLimitedGetJson - filterGetJson} is what rate limiting adds to a request, the two
 * {@code RateLimit} response fields written into the mock included, and {@code rateLimitedGetJson
 * - baselineGetJson} is the whole filter. Mode {@code SampleTime} in ns, for the median. As in
 * {@code BulwarkFilterBenchmark}, the absolute figures are dominated by the mock request and
 * response (and writing headers into Spring's mock response costs more than in a real container),
 * so only the differences say something about Bulwark.
 *
 * <p>Target: the whole filter on the allow path under 1 &micro;s median.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RateLimitFilterBenchmark {

  static final int ADDRESSES = 65_536;

  private static final String HOST = "app.example.com";
  private static final byte[] JSON_BODY =
      "{\"id\":42,\"title\":\"Groceries\",\"body\":\"milk, eggs\"}".getBytes(StandardCharsets.UTF_8);

  private static final FilterChain JSON_CHAIN =
      (request, response) -> {
        response.setContentType("application/json");
        response.getOutputStream().write(JSON_BODY);
      };

  private BulwarkFilter plain;
  private BulwarkFilter rateLimited;
  private String[] addresses;
  private int next;

  /** Creates both filters and checks that requests are allowed, with the RateLimit fields. */
  @Setup(Level.Trial)
  public void setUp() throws IOException, ServletException {
    addresses = new String[ADDRESSES];
    for (int i = 0; i < ADDRESSES; i++) {
      addresses[i] = "198.18." + (i >>> 8) + "." + (i & 0xff);
    }
    plain = new BulwarkFilter(BulwarkConfig.defaults());
    BulwarkConfig config =
        BulwarkConfigLoader.load(ConfigSource.fromMap(Map.of("bulwark.rate-limit.enabled", "true"), "bench"));
    rateLimited = new BulwarkFilter(config);
    require(plain.rateLimiter() == null, "rate limiting must be off in the plain filter");
    RateLimiter limiter = rateLimited.rateLimiter();
    require(limiter != null && "local".equals(limiter.storeKind()), "rate limiting with the local store expected");

    MockHttpServletResponse limited = rateLimitedGetJson();
    requireAllowed(limited, "rateLimitedGetJson");
    require(limited.getHeader("RateLimit") != null && limited.getHeader("RateLimit-Policy") != null,
        "rateLimitedGetJson: no RateLimit fields");
    MockHttpServletResponse unlimited = filterGetJson();
    requireAllowed(unlimited, "filterGetJson");
    require(unlimited.getHeader("RateLimit") == null, "filterGetJson: RateLimit field without rate limiting");
    require(baselineGetJson().getHeader("X-Content-Type-Options") == null, "baseline must not add headers");
    // Every address once, so the measured requests find their buckets.
    for (int i = 0; i < ADDRESSES; i++) {
      require(rateLimitedGetJson().getStatus() == 200, "warm-up request refused");
    }
  }

  /** Fails the run if any request was refused. */
  @TearDown(Level.Trial)
  public void tearDown() {
    RateLimiter limiter = rateLimited.rateLimiter();
    long refused = 0;
    for (String rule : limiter.stats().rules()) {
      refused += limiter.stats().decisions(rule, RateLimitDecision.Outcome.REJECTED)
          + limiter.stats().decisions(rule, RateLimitDecision.Outcome.BLOCKED);
    }
    rateLimited.destroy();
    require(refused == 0, refused + " requests were refused; the benchmark must measure the allow path");
  }

  private static void requireAllowed(MockHttpServletResponse response, String name) {
    require(response.getStatus() == 200, name + ": status " + response.getStatus());
    require(response.getContentType() != null && response.getContentType().startsWith("application/json"),
        name + ": content type " + response.getContentType());
    require(response.getContentAsByteArray().length > 0, name + ": empty body");
    require("nosniff".equals(response.getHeader("X-Content-Type-Options")), name + ": headers missing");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }

  private MockHttpServletRequest getJsonRequest() {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/notes");
    request.setScheme("https");
    request.setSecure(true);
    request.setServerName(HOST);
    request.setServerPort(443);
    request.setRemoteAddr(addresses[next++ & (ADDRESSES - 1)]);
    request.addHeader("Host", HOST);
    request.addHeader("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0");
    request.addHeader("Accept-Encoding", "gzip, deflate, br");
    request.addHeader("Accept", "application/json");
    request.addHeader("Sec-Fetch-Site", "same-origin");
    return request;
  }

  /** Baseline: GET JSON, mocks and chain only. */
  @Benchmark
  public MockHttpServletResponse baselineGetJson() throws IOException, ServletException {
    MockHttpServletResponse response = new MockHttpServletResponse();
    JSON_CHAIN.doFilter(getJsonRequest(), response);
    return response;
  }

  /** GET JSON through the filter without rate limiting. */
  @Benchmark
  public MockHttpServletResponse filterGetJson() throws IOException, ServletException {
    MockHttpServletResponse response = new MockHttpServletResponse();
    plain.doFilter(getJsonRequest(), response, JSON_CHAIN);
    return response;
  }

  /** GET JSON through the filter with the default rate-limit rules. */
  @Benchmark
  public MockHttpServletResponse rateLimitedGetJson() throws IOException, ServletException {
    MockHttpServletResponse response = new MockHttpServletResponse();
    rateLimited.doFilter(getJsonRequest(), response, JSON_CHAIN);
    return response;
  }
}
