package dev.bulwark.assembly;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.encode.Encode;
import dev.bulwark.encode.RichText;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.headers.ResponseKind;
import dev.bulwark.http.Exchange;
import dev.bulwark.http.Verdict;
import dev.bulwark.validate.InputValidator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What an application does with core, run by {@link LightCoreTest} inside a class loader that lacks
 * some optional jars. Public with a public constructor so another loader can create it; only JDK
 * types go in and out.
 */
public final class LightCoreScenario implements Function<List<String>, String> {

  /**
   * Runs one step: {@code request} (then property pairs) compiles an assembly, admits a request and
   * returns its verdict and response headers; {@code encode}, {@code rich-text} and {@code
   * validate} call those APIs.
   */
  @Override
  public String apply(List<String> arguments) {
    return switch (arguments.get(0)) {
      case "request" -> request(arguments.subList(1, arguments.size()));
      case "encode" -> Encode.html("<script>alert(1)</script>");
      case "rich-text" -> RichText.sanitize("<b>bold</b><script>alert(1)</script>");
      case "validate" -> {
        try (InputValidator validator = InputValidator.create()) {
          yield validator.validate(new Object()).toString();
        }
      }
      default -> throw new IllegalArgumentException(arguments.get(0));
    };
  }

  private static String request(List<String> settings) {
    Map<String, String> properties = new HashMap<>();
    for (int i = 0; i < settings.size(); i += 2) {
      properties.put(settings.get(i), settings.get(i + 1));
    }
    BulwarkConfig config = BulwarkConfigLoader.load(ConfigSource.fromMap(properties, "test"));
    Assembly assembly = Assembly.compile(config, new SecurityEvents());
    TestRequest.Headers headers = new TestRequest.Headers();
    Exchange exchange = assembly.pipeline().begin(TestRequest.get("/notes"), headers);
    Verdict verdict = assembly.pipeline().admit(exchange);
    exchange.headerPolicy().apply(ResponseKind.HTML, false, false, exchange.nonce(), headers);
    assembly.pipeline().end(exchange, verdict.continues() ? 200 : verdict.status());
    return (verdict.continues() ? "continue" : String.valueOf(verdict.status())) + " " + headers.values;
  }
}
