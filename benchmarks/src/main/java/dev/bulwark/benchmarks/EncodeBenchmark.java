package dev.bulwark.benchmarks;

import dev.bulwark.encode.Encode;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of Bulwark's output-encoding facade ({@link Encode}) over calling the OWASP Java Encoder
 * directly, context by context.
 *
 * <p>Each context has two benchmarks: {@code xBulwark} calls {@code Encode.x(value)} (which takes an
 * {@code Object}, maps {@code null} to {@code ""} and calls {@code toString()}), {@code xOwasp}
 * calls {@code org.owasp.encoder.Encode.forX(value)} on the same {@code String}. So {@code xBulwark
 * / xOwasp - 1} is the facade's overhead; the target is at most 5%. Contexts: {@code html}, {@code
 * htmlAttribute}, {@code javaScriptBlock}, {@code cssString}, {@code uriComponent}.
 *
 * <p>Two inputs ({@link #input}): {@code clean}, a short value that needs no escaping in any of these
 * contexts (the common case, where the OWASP encoder returns its input without copying), and {@code
 * escapes}, a short value that every context must escape (quotes, angle brackets, ampersand, slash,
 * a non-ASCII letter), so that the encoders build a new string.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EncodeBenchmark {

  /** Which input: {@code clean} or {@code escapes}. */
  @Param({"clean", "escapes"})
  public String input;

  private String value;

  /** Picks the input and checks that both paths give the same output. */
  @Setup
  public void setUp() {
    value =
        switch (input) {
          case "clean" -> "Quarterly_report_2026";
          case "escapes" -> "<b>Tom & \"Jerry's\"</b> caf\u00e9/";
          default -> throw new IllegalArgumentException(input);
        };
    require(htmlBulwark().equals(htmlOwasp()), "html");
    require(htmlAttributeBulwark().equals(htmlAttributeOwasp()), "htmlAttribute");
    require(javaScriptBlockBulwark().equals(javaScriptBlockOwasp()), "javaScriptBlock");
    require(cssStringBulwark().equals(cssStringOwasp()), "cssString");
    require(uriComponentBulwark().equals(uriComponentOwasp()), "uriComponent");
    boolean escapes = input.equals("escapes");
    for (String out :
        new String[] {htmlBulwark(), htmlAttributeBulwark(), javaScriptBlockBulwark(), cssStringBulwark(), uriComponentBulwark()}) {
      require(out.equals(value) != escapes, "input " + input + " encodes to " + out);
    }
  }

  private static void require(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("EncodeBenchmark: " + what);
    }
  }

  /** {@link Encode#html}. */
  @Benchmark
  public String htmlBulwark() {
    return Encode.html(value);
  }

  /** {@code forHtml}, directly. */
  @Benchmark
  public String htmlOwasp() {
    return org.owasp.encoder.Encode.forHtml(value);
  }

  /** {@link Encode#htmlAttribute}. */
  @Benchmark
  public String htmlAttributeBulwark() {
    return Encode.htmlAttribute(value);
  }

  /** {@code forHtmlAttribute}, directly. */
  @Benchmark
  public String htmlAttributeOwasp() {
    return org.owasp.encoder.Encode.forHtmlAttribute(value);
  }

  /** {@link Encode#javaScriptBlock}. */
  @Benchmark
  public String javaScriptBlockBulwark() {
    return Encode.javaScriptBlock(value);
  }

  /** {@code forJavaScriptBlock}, directly. */
  @Benchmark
  public String javaScriptBlockOwasp() {
    return org.owasp.encoder.Encode.forJavaScriptBlock(value);
  }

  /** {@link Encode#cssString}. */
  @Benchmark
  public String cssStringBulwark() {
    return Encode.cssString(value);
  }

  /** {@code forCssString}, directly. */
  @Benchmark
  public String cssStringOwasp() {
    return org.owasp.encoder.Encode.forCssString(value);
  }

  /** {@link Encode#uriComponent}. */
  @Benchmark
  public String uriComponentBulwark() {
    return Encode.uriComponent(value);
  }

  /** {@code forUriComponent}, directly. */
  @Benchmark
  public String uriComponentOwasp() {
    return org.owasp.encoder.Encode.forUriComponent(value);
  }
}
