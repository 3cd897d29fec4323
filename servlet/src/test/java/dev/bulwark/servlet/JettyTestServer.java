package dev.bulwark.servlet;

import dev.bulwark.config.BulwarkConfig;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.function.Consumer;
import org.eclipse.jetty.ee11.servlet.DefaultServlet;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A bare Jetty 12 (EE 11) server with the test servlets and Bulwark's filter. */
final class JettyTestServer implements TestServer {

  private final Server server;
  private final ServerConnector connector;
  private final ServletContextHandler context;

  private JettyTestServer(Server server, ServerConnector connector, ServletContextHandler context) {
    this.server = server;
    this.connector = connector;
    this.context = context;
  }

  /** Returns the health registry the drop-in initializer installed, or {@code null}. */
  dev.bulwark.health.HealthRegistry healthRegistry() {
    return HealthServlet.registry(context.getServletContext());
  }

  /** Starts with the default filter and one extra servlet. */
  static JettyTestServer startWithServlet(jakarta.servlet.http.HttpServlet servlet, String mapping) throws Exception {
    return start(new BulwarkFilter(BulwarkConfig.defaults()), false, servlet, mapping);
  }

  /** Starts with the filter built from a configuration and one extra servlet. */
  static JettyTestServer startWithServlet(
      BulwarkConfig config, jakarta.servlet.http.HttpServlet servlet, String mapping) throws Exception {
    return start(new BulwarkFilter(config), false, servlet, mapping);
  }

  /** Starts with the filter built from a configuration. */
  static JettyTestServer start(BulwarkConfig config) throws Exception {
    return start(new BulwarkFilter(config), false);
  }

  /** Starts with a given filter. */
  static JettyTestServer startWith(BulwarkFilter filter) throws Exception {
    return start(filter, false);
  }

  /** Starts with the filter and Bulwark's error handler on the server and the context. */
  static JettyTestServer startWithErrorHandler(BulwarkConfig config) throws Exception {
    return startWithErrorHandler(config, new dev.bulwark.events.SecurityEvents());
  }

  /** Starts with Bulwark's error handler counting into the filter's events. */
  static JettyTestServer startWithErrorHandler(BulwarkConfig config, dev.bulwark.events.SecurityEvents events) throws Exception {
    return start(
        new BulwarkFilter(config, events), false, null, null, context -> {}, new dev.bulwark.servlet.jetty.BulwarkJettyErrorHandler(config, events));
  }

  /** Starts with the drop-in initializer, which reads bulwark.properties from the test class path. */
  static JettyTestServer startWithInitializer() throws Exception {
    return start(null, true);
  }

  /**
   * Starts with the drop-in initializer after the test has added its own servlets, filters,
   * attributes or container security to the context.
   */
  static JettyTestServer startWithInitializer(Consumer<ServletContextHandler> setup) throws Exception {
    return start(null, true, null, null, setup);
  }

  /** Starts with a given filter after the test has added its own parts to the context. */
  static JettyTestServer startWith(BulwarkFilter filter, Consumer<ServletContextHandler> setup) throws Exception {
    return start(filter, false, null, null, setup);
  }

  /** The servlet context, for attributes the initializer left there. */
  jakarta.servlet.ServletContext servletContext() {
    return context.getServletContext();
  }

  private static JettyTestServer start(BulwarkFilter filter, boolean initializer) throws Exception {
    return start(filter, initializer, null, null);
  }

  private static JettyTestServer start(
      BulwarkFilter filter, boolean initializer, jakarta.servlet.http.HttpServlet extra, String mapping)
      throws Exception {
    return start(filter, initializer, extra, mapping, context -> {});
  }

  private static JettyTestServer start(
      BulwarkFilter filter,
      boolean initializer,
      jakarta.servlet.http.HttpServlet extra,
      String mapping,
      Consumer<ServletContextHandler> setup)
      throws Exception {
    return start(filter, initializer, extra, mapping, setup, null);
  }

  private static JettyTestServer start(
      BulwarkFilter filter,
      boolean initializer,
      jakarta.servlet.http.HttpServlet extra,
      String mapping,
      Consumer<ServletContextHandler> setup,
      org.eclipse.jetty.server.handler.ErrorHandler errors)
      throws Exception {
    Server server = new Server();
    if (errors != null) {
      server.setErrorHandler(errors);
    }
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration().setSendServerVersion(false);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    if (errors != null) {
      context.setErrorHandler(errors);
    }
    context.setBaseResourceAsPath(Path.of("src/test/resources/static").toAbsolutePath());
    TestServlets.all().forEach((path, servlet) -> context.addServlet(new ServletHolder(servlet), path));
    context.addServlet(new ServletHolder("default", DefaultServlet.class), "/");
    if (extra != null) {
      context.addServlet(new ServletHolder(extra), mapping);
    }
    if (filter != null) {
      context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    }
    if (initializer) {
      context.addServletContainerInitializer(new BulwarkServletContainerInitializer());
    }
    setup.accept(context);
    server.setHandler(context);
    server.start();
    return new JettyTestServer(server, connector, context);
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
