package dev.bulwark.examples.servletnotes;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.examples.notes.AccessLogFilter;
import dev.bulwark.examples.notes.DemoUsers;
import dev.bulwark.examples.notes.NoteStore;
import dev.bulwark.examples.notes.StoreCheck;
import dev.bulwark.health.HealthGroup;
import dev.bulwark.health.HealthRegistry;
import dev.bulwark.health.HealthResult;
import dev.bulwark.jackson.JacksonLimits;
import dev.bulwark.servlet.BulwarkServletContainerInitializer;
import dev.bulwark.servlet.HealthServlet;
import dev.bulwark.servlet.jetty.BulwarkJettyErrorHandler;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.EnumSet;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.ee11.jsp.JettyJspServlet;
import org.eclipse.jetty.ee11.servlet.DefaultServlet;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notes service on plain embedded Jetty 12, no Spring. Bulwark's filter is not wired in code:
 * like a servlet container deploying a WAR, the server runs every {@link
 * ServletContainerInitializer} on the class path, and Bulwark's installs itself from {@code
 * bulwark.properties}. The lines that name Bulwark reach what no filter can: Jetty's own error
 * answers, the app's JSON parser, and the app's own readiness check.
 */
public final class NotesServer implements AutoCloseable {

  private final Server server;
  private final ServerConnector connector;

  private NotesServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /** Runs the server on {@code PORT} (default 8081) until stopped. */
  public static void main(String[] args) throws Exception {
    String port = System.getenv("PORT");
    NotesServer notes = start(port == null || port.isBlank() ? 8081 : Integer.parseInt(port), System::getenv);
    // Stop on SIGTERM too, which also removes the JSP scratch directory.
    notes.server.setStopAtShutdown(true);
    System.out.println("Notes (servlet) listening on http://localhost:" + notes.port() + "/");
    notes.server.join();
  }

  /**
   * Starts the server.
   *
   * @param port the port, or 0 for any free one
   * @param environment reads settings such as {@code NOTES_ALICE_PASSWORD}
   */
  public static NotesServer start(int port, UnaryOperator<String> environment) throws Exception {
    return start(port, environment, null);
  }

  /**
   * Starts the server with a readiness check of its own for the notes store, as a test does to
   * make the store fail or hang.
   *
   * @param port the port, or 0 for any free one
   * @param environment reads settings such as {@code NOTES_ALICE_PASSWORD} and {@code
   *     NOTES_IDLE_TIMEOUT}
   * @param storeCheck the readiness check of the store, or {@code null} for the store's own
   */
  public static NotesServer start(int port, UnaryOperator<String> environment, StoreCheck storeCheck) throws Exception {
    return start(port, environment, storeCheck, NoteStore.withSampleNotes());
  }

  /**
   * Starts the server on the given notes, as a test does to show notes that the API's input
   * validation would refuse, such as ones written before it existed.
   */
  static NotesServer start(int port, UnaryOperator<String> environment, StoreCheck storeCheck, NoteStore store)
      throws Exception {
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    // The Server header is written by Jetty itself, where no servlet filter can reach it.
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setPort(port);
    // How long a connection may sit without a byte either way, such as a client that sends part of
    // a body and stalls: the read then fails and Jetty closes the connection. Jetty's 30 s by
    // default; NOTES_IDLE_TIMEOUT (seconds) changes it.
    String idle = environment.apply("NOTES_IDLE_TIMEOUT");
    if (idle != null && !idle.isBlank()) {
      connector.setIdleTimeout(Duration.ofSeconds(Long.parseLong(idle.trim())).toMillis());
    }
    server.addConnector(connector);

    // The settings Bulwark's initializer reads too, for what no servlet filter can reach: the
    // errors Jetty answers itself (a malformed request, a header block over its limit) and the
    // parser limits (bulwark.limits.json.*) of the app's own JSON mapper.
    BulwarkConfig bulwark = BulwarkConfigLoader.load(ConfigSource.standard(NotesServer.class.getClassLoader()));
    // One set of counters for the filter and the error handler: the malformed requests Jetty
    // refuses itself (a 20 KB header line, a URI over its limit) count as invalid_input too.
    SecurityEvents events = new SecurityEvents();
    BulwarkJettyErrorHandler errors = new BulwarkJettyErrorHandler(bulwark, events);
    server.setErrorHandler(errors);
    JsonMapper json = JsonMapper.builder(JacksonLimits.jsonFactory(bulwark)).build();

    ServletContextHandler context = new ServletContextHandler("/");
    context.setErrorHandler(errors);
    context.setAttribute(BulwarkServletContainerInitializer.EVENTS_ATTRIBUTE, events);
    // Logging belongs to the JVM here, not to this context: keep logback's own initializer (found
    // below with every other) from stopping it when the server stops.
    context.setInitParameter("logbackDisableServletContainerInitializer", "true");
    // Static files are served from static/, JSP pages from webapp/ (under WEB-INF, which no
    // request reaches: a page is shown only through the servlet that gives it its data).
    ResourceFactory resources = ResourceFactory.of(context);
    context.setBaseResource(
        ResourceFactory.combine(resources.newClassLoaderResource("static/"), resources.newClassLoaderResource("webapp/")));
    context.setProtectedTargets(new String[] {"/WEB-INF", "/META-INF"});
    // Jasper loads tag classes through the context's class loader and compiles pages against the
    // URLs of a URLClassLoader's chain (the JDK's application loader has none: then java.class.path).
    context.setClassLoader(new URLClassLoader(new URL[0], NotesServer.class.getClassLoader()));
    // Where Jasper writes the pages it compiles; deleted when the server stops.
    context.setTempDirectory(Files.createTempDirectory("notes-jsp").toFile());
    context.setTempDirectoryPersistent(false);
    // Ahead of Bulwark's filter, so each line has the status the client received: mapped by an
    // initializer that runs before Bulwark's (below), as Bulwark's maps itself ahead of every
    // filter added here, and the container keeps such mappings in the order they were made.
    context.addServletContainerInitializer(
        (classes, servletContext) -> {
          FilterRegistration.Dynamic accessLog = servletContext.addFilter("notes-access-log", new AccessLogFilter());
          accessLog.setAsyncSupported(true);
          accessLog.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        });
    context.addFilter(
        new FilterHolder(new BasicAuthFilter(DemoUsers.load(environment))),
        "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new NotesApiServlet(store, json)), "/api/notes/*");
    context.addServlet(new ServletHolder(new IndexServlet(store)), "");
    context.addServlet(new ServletHolder(new NotesPageServlet(store)), "/jsp/notes");
    // Jasper, set up by its initializer (found below with every other), compiles the pages.
    ServletHolder jsp = new ServletHolder("jsp", JettyJspServlet.class);
    jsp.setInitOrder(0);
    context.addServlet(jsp, "*.jsp");
    ServletHolder files = new ServletHolder("static", DefaultServlet.class);
    files.setInitParameter("dirAllowed", "false");
    // Files from static/ only: on the context's base it would serve /static/WEB-INF/jsp/notes.jsp,
    // the page's source, as the protected targets guard the path in the context, not its path info.
    files.setInitParameter("baseResource", NotesServer.class.getClassLoader().getResource("static/").toString());
    context.addServlet(files, "/static/*");
    context.addServlet(new ServletHolder("default", DefaultServlet.class), "/");
    for (ServletContainerInitializer initializer : ServiceLoader.load(ServletContainerInitializer.class)) {
      context.addServletContainerInitializer(initializer);
    }
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      // Such as the readiness report refusing to start: stopping removes the JSP scratch directory.
      try {
        server.stop();
      } catch (Exception stop) {
        e.addSuppressed(stop);
      }
      throw e;
    }
    HealthRegistry health = HealthServlet.registry(context.getServletContext());
    if (health != null) {
      // The store is in memory; a real app would check its database here. Bulwark runs the check
      // with bulwark.health.timeout, so a hanging database makes readiness DOWN, not stuck.
      StoreCheck check = storeCheck == null ? store::ping : storeCheck;
      health.register("notes-store", () -> HealthResult.up(check.check()), HealthGroup.READINESS);
    }
    return new NotesServer(server, connector);
  }

  /** Returns the port the server listens on. */
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
