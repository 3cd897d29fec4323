package dev.bulwark.servlet.tomcat;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.servlet.internal.ContainerErrors;
import dev.bulwark.servlet.internal.ServletHeaders;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's error report valve with Bulwark's answers: the errors Tomcat produces itself, where no
 * servlet filter runs (a malformed request line, header or URI, a header block over {@code
 * maxHttpRequestHeaderSize}, a request no context serves), become the same problem document as
 * every other error, or the minimal HTML page for browsers, with the security headers and a
 * request id, instead of Tomcat's styled page (which names the server version unless told not
 * to, and with {@code showReport} the exception).
 *
 * <p>The Spring Boot starter installs it on the embedded Tomcat. On a standalone Tomcat, name it
 * on the host in {@code server.xml}: {@code <Host ...
 * errorReportValveClass="dev.bulwark.servlet.tomcat.BulwarkErrorReportValve">}, with {@code
 * bulwark-servlet} and {@code bulwark-core} in Tomcat's {@code lib}.
 */
public class BulwarkErrorReportValve extends ErrorReportValve {

  private final ContainerErrors errors;

  /** Reads Bulwark's settings the way the drop-in initializer does ({@code bulwark.properties}). */
  public BulwarkErrorReportValve() {
    this(BulwarkConfigLoader.load(ConfigSource.standard(BulwarkErrorReportValve.class.getClassLoader())));
  }

  /**
   * Creates the valve for a configuration.
   *
   * @param config the settings (security headers, request ids); checked now
   */
  public BulwarkErrorReportValve(BulwarkConfig config) {
    this(config, null);
  }

  /**
   * Creates the valve for a configuration, counting the malformed requests Tomcat refuses itself
   * (400, 413, 414, 431, 505...) as {@code invalid_input} in {@code events}, the filter's, so they
   * show in the same meter (the Spring Boot starter passes its {@link SecurityEvents} bean).
   *
   * @param config the settings (security headers, request ids); checked now
   * @param events where malformed requests are counted, or {@code null} to count nothing
   */
  public BulwarkErrorReportValve(BulwarkConfig config, SecurityEvents events) {
    this.errors = ContainerErrors.compile(config, events);
    setShowReport(false);
    setShowServerInfo(false);
  }

  /**
   * After the request: when Bulwark refused it without reading its body, Tomcat must not read the
   * rest either. It would otherwise swallow up to {@code maxSwallowSize} (2 MB) before closing, so
   * a body trickled to a refused request held the thread for as long as the client liked.
   */
  @Override
  public void invoke(Request request, Response response) throws java.io.IOException, jakarta.servlet.ServletException {
    try {
      super.invoke(request, response);
    } finally {
      if (request.getAttribute(dev.bulwark.servlet.internal.ProblemResponses.BODY_REFUSED_ATTRIBUTE) != null) {
        request.getCoyoteRequest().action(org.apache.coyote.ActionCode.DISABLE_SWALLOW_INPUT, null);
      }
    }
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    // As Tomcat's own valve: only an error nobody has answered yet, and only while I/O is possible.
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(false);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    ContainerErrors.Answer answer =
        errors.answer(
            status,
            request.getMethod(),
            request.getHeader("Accept"),
            ServletHeaders.onlyValue(request, errors.requestIdHeader()),
            ServletHeaders.onlyValue(request, "traceparent"));
    try {
      response.setStatus(answer.status());
      response.setContentType(answer.contentType());
      response.setCharacterEncoding("UTF-8");
      response.setContentLength(answer.body().length);
      errors.writeHeaders(answer, request.isSecure(), request.getServerName(), ServletHeaders.writer(response));
      PrintWriter writer = response.getReporter();
      if (writer != null) {
        writer.write(new String(answer.body(), StandardCharsets.UTF_8));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException clientGone) {
      // Nothing more can be said on this connection.
    }
  }
}
