package dev.bulwark.servlet;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee11.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee11.webapp.MetaInfConfiguration;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An empty web application deployed the way a WAR is, on embedded Tomcat 11 or Jetty 12 (EE 11):
 * the container itself finds the {@code ServletContainerInitializer}s on the test class path
 * through {@code META-INF/services}, and the types their {@code @HandlesTypes} name, instead of
 * the test registering them by hand.
 */
public final class WarDeployment implements AutoCloseable {

  private final AutoCloseable stop;
  private final int port;

  private WarDeployment(AutoCloseable stop, int port) {
    this.stop = stop;
    this.port = port;
  }

  /** Deploys on Tomcat through {@code Tomcat.addWebapp}, whose {@code ContextConfig} scans. */
  public static WarDeployment tomcat() throws Exception {
    Path base = Files.createTempDirectory("bulwark-war-tomcat");
    Path docBase = docBase(base.resolve("webapp"));
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    Context context = tomcat.addWebapp("", docBase.toString());
    context.setParentClassLoader(WarDeployment.class.getClassLoader());
    tomcat.start();
    if (!context.getState().isAvailable()) {
      tomcat.stop();
      tomcat.destroy();
      throw new IllegalStateException("The web application did not start; see the log");
    }
    return new WarDeployment(
        () -> {
          tomcat.stop();
          tomcat.destroy();
        },
        tomcat.getConnector().getLocalPort());
  }

  /**
   * Deploys on Jetty through a {@code WebAppContext} with annotation scanning. The directories in
   * {@code applicationClasses} play the WAR's {@code WEB-INF/classes} and the class path's jars
   * whose URIs match {@code libraries} its {@code WEB-INF/lib}: Jetty looks there for the types an
   * initializer's {@code @HandlesTypes} names, and knows a class's supertypes only from the jars
   * it scanned (an application's {@code SpringBootServletInitializer} needs {@code spring-boot}).
   */
  public static WarDeployment jetty(String libraries, Path... applicationClasses) throws Exception {
    Path docBase = docBase(Files.createTempDirectory("bulwark-war-jetty"));
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath("/");
    webapp.setBaseResourceAsPath(docBase);
    webapp.setParentLoaderPriority(true);
    webapp.setThrowUnavailableOnStartupException(true);
    webapp.addConfiguration(new AnnotationConfiguration());
    webapp.setAttribute(MetaInfConfiguration.CONTAINER_JAR_PATTERN, libraries);
    if (applicationClasses.length > 0) {
      webapp.setExtraClasspath(
          java.util.Arrays.stream(applicationClasses).map(path -> path.toAbsolutePath().toString()).collect(java.util.stream.Collectors.joining(",")));
    }
    server.setHandler(webapp);
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      throw e;
    }
    return new WarDeployment(server::stop, connector.getLocalPort());
  }

  /** The static page every deployment serves at {@code /probe.txt}, answered by the container's default servlet. */
  public static final String PROBE = "/probe.txt";

  private static Path docBase(Path directory) throws java.io.IOException {
    Files.createDirectories(directory);
    Files.writeString(directory.resolve(PROBE.substring(1)), "ok\n");
    return directory;
  }

  /** Returns the address of a path on the deployed application. */
  public URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  @Override
  public void close() throws Exception {
    stop.close();
  }
}
