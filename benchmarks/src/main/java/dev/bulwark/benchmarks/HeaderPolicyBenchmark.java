package dev.bulwark.benchmarks;

import dev.bulwark.headers.CspNonce;
import dev.bulwark.headers.HeaderPolicy;
import dev.bulwark.headers.HeadersConfig;
import dev.bulwark.headers.ResponseKind;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of writing the security headers of one response with {@link HeaderPolicy#apply}, the
 * core step of Bulwark's header protection, without any servlet machinery.
 *
 * <p>What is measured, per operation:
 *
 * <ul>
 *   <li>{@link #applyJson}: the headers of a non-HTML (JSON) response: the always-on headers, HSTS,
 *       the API Content-Security-Policy and Cache-Control. The response's {@link CspNonce} is
 *       created, as the filter does for every request, but never read.
 *   <li>{@link #applyHtml}: the headers of an HTML response, <em>including</em> generating a fresh
 *       128-bit nonce (16 bytes from a per-thread DRBG {@code SecureRandom}, base64url-encoded)
 *       and rendering the HTML CSP around it. Nonce generation is part of the point: every HTML
 *       response pays it.
 *   <li>{@link #nonceOnly}: only generating a nonce value, so its share of {@link #applyHtml} is
 *       visible ({@code applyHtml - nonceOnly} is the header work proper).
 * </ul>
 *
 * <p>The policy is {@code HeaderPolicy.compile(HeadersConfig.defaults(), "bulwark.headers")},
 * compiled once. Every request is HTTPS to a non-loopback host ({@code secure = true, localHost =
 * false}), the case that writes the most headers (HSTS, {@code upgrade-insecure-requests}). The
 * sink is an {@link ArrayHeaderWriter}: preallocated arrays reset per invocation, so it allocates
 * nothing itself.
 *
 * <p>Targets: under 1 &micro;s per response, and no allocation beyond the nonce: {@code
 * gc.alloc.rate.norm} (run with {@code -prof gc}) should be about 0 B/op for {@link #applyJson},
 * and for {@link #applyHtml} the nonce's bytes (see {@link #nonceOnly}) plus the one rendered CSP
 * string that has to carry it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeaderPolicyBenchmark {

  private static final boolean SECURE = true;
  private static final boolean LOCAL_HOST = false;

  private HeaderPolicy policy;
  private ArrayHeaderWriter sink;

  /** Compiles the default policy and checks that each benchmark does what it claims. */
  @Setup
  public void setUp() {
    policy = HeaderPolicy.compile(HeadersConfig.defaults(), "bulwark.headers");
    sink = new ArrayHeaderWriter(32);

    applyJson();
    sink.check();
    require(sink.get("X-Content-Type-Options") != null, "JSON response lacks X-Content-Type-Options");
    require(sink.get("Strict-Transport-Security") != null, "JSON response lacks HSTS");
    String apiCsp = sink.get("Content-Security-Policy");
    require(apiCsp != null && !apiCsp.contains("nonce"), "JSON response lacks the API CSP");

    CspNonce nonce = new CspNonce();
    sink.reset();
    policy.apply(ResponseKind.HTML, SECURE, LOCAL_HOST, nonce, sink);
    sink.check();
    String htmlCsp = sink.get("Content-Security-Policy");
    require(htmlCsp != null && htmlCsp.contains("'nonce-" + nonce.value() + "'"),
        "HTML response lacks a CSP carrying the nonce: " + htmlCsp);
    require(htmlCsp.contains("upgrade-insecure-requests"), "HTTPS HTML CSP lacks upgrade-insecure-requests");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }

  /** Headers of a JSON response. */
  @Benchmark
  public ArrayHeaderWriter applyJson() {
    ArrayHeaderWriter out = sink;
    out.reset();
    policy.apply(ResponseKind.OTHER, SECURE, LOCAL_HOST, new CspNonce(), out);
    return out;
  }

  /** Headers of an HTML response, generating the response's nonce. */
  @Benchmark
  public ArrayHeaderWriter applyHtml() {
    ArrayHeaderWriter out = sink;
    out.reset();
    policy.apply(ResponseKind.HTML, SECURE, LOCAL_HOST, new CspNonce(), out);
    return out;
  }

  /** Baseline: generating one nonce value and nothing else. */
  @Benchmark
  public String nonceOnly() {
    return new CspNonce().value();
  }
}
