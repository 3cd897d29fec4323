package dev.bulwark.servlet.jetty;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.headers.HeaderWriter;
import dev.bulwark.servlet.internal.ContainerErrors;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty 12's error handler with Bulwark's answers: the errors Jetty produces itself, where no
 * servlet filter runs (a malformed request line, header or URI, a header block over {@code
 * requestHeaderSize} with 431, a URI over the limit with 414, a request no context serves, an
 * ambiguous path), become the same problem document as every other error, or the minimal HTML
 * page for browsers, with the security headers and a request id. Jetty's own page shows the URI,
 * the parser's message and optionally stack traces; this shows none of them.
 *
 * <p>Install it on the server and on each servlet context, so both levels answer the same way:
 *
 * <pre>{@code
 * BulwarkJettyErrorHandler errors = new BulwarkJettyErrorHandler(config);
 * server.setErrorHandler(errors);
 * context.setErrorHandler(errors);
 * }</pre>
 *
 * <p>Jetty writes its {@code Server} header as it sends the response, past any handler: turn it
 * off with {@code HttpConfiguration.setSendServerVersion(false)}.
 *
 * <p>Needs {@code org.eclipse.jetty:jetty-server} 12 (an optional dependency of this module).
 */
public class BulwarkJettyErrorHandler extends ErrorHandler {

  private final ContainerErrors errors;

  /** Reads Bulwark's settings the way the drop-in initializer does ({@code bulwark.properties}). */
  public BulwarkJettyErrorHandler() {
    this(BulwarkConfigLoader.load(ConfigSource.standard(BulwarkJettyErrorHandler.class.getClassLoader())));
  }

  /**
   * Creates the handler for a configuration.
   *
   * @param config the settings (security headers, request ids); checked now
   */
  public BulwarkJettyErrorHandler(BulwarkConfig config) {
    this(config, null);
  }

  /**
   * Creates the handler for a configuration, counting the malformed requests Jetty refuses
   * itself (400, 413, 414, 431, 505...) as {@code invalid_input} in {@code events}. Pass the
   * events the filter counts into, so they show in the same meter: with the drop-in initializer,
   * put the same {@link SecurityEvents} in the servlet context attribute {@link
   * dev.bulwark.servlet.BulwarkServletContainerInitializer#EVENTS_ATTRIBUTE} before the context
   * starts.
   *
   * @param config the settings (security headers, request ids); checked now
   * @param events where malformed requests are counted, or {@code null} to count nothing
   */
  public BulwarkJettyErrorHandler(BulwarkConfig config, SecurityEvents events) {
    this.errors = ContainerErrors.compile(config, events);
    setShowStacks(false);
    setShowCauses(false);
    setShowMessageInTitle(false);
    setShowOrigin(false);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException http) {
      status = http.getCode();
    }
    HttpFields headers = request.getHeaders();
    ContainerErrors.Answer answer =
        errors.answer(
            status,
            request.getMethod(),
            headers.get(HttpHeader.ACCEPT),
            onlyValue(headers, errors.requestIdHeader()),
            onlyValue(headers, "traceparent"));
    response.setStatus(answer.status());
    HttpFields.Mutable out = response.getHeaders();
    out.put(HttpHeader.CONTENT_TYPE, answer.contentType());
    out.put(HttpHeader.CONTENT_LENGTH, answer.body().length);
    errors.writeHeaders(answer, request.isSecure(), Request.getServerName(request), writer(out));
    boolean head = "HEAD".equals(request.getMethod());
    response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(answer.body()), callback);
    return true;
  }

  /** The body for errors that HTTP/2 and HTTP/3 answer before a request exists. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    ContainerErrors.Answer answer = errors.answer(status, null, null, null, null);
    fields.put(HttpHeader.CONTENT_TYPE, answer.contentType());
    errors.writeHeaders(answer, false, null, writer(fields));
    return ByteBuffer.wrap(answer.body());
  }

  private static HeaderWriter writer(HttpFields.Mutable fields) {
    return new HeaderWriter() {
      @Override
      public boolean contains(String name) {
        return fields.contains(name);
      }

      @Override
      public void set(String name, String value) {
        fields.put(name, value);
      }

      @Override
      public void add(String name, String value) {
        fields.add(name, value);
      }
    };
  }

  /** A header's value when the request carries it once, else {@code null} (two ids: trust neither). */
  private static String onlyValue(HttpFields headers, String name) {
    java.util.List<String> values = headers.getValuesList(name);
    return values.size() == 1 ? values.get(0) : null;
  }
}
