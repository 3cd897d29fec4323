package dev.bulwark.servlet;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.eclipse.jetty.ee.webapp.WebAppClassLoader;
import org.eclipse.jetty.ee11.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A web application that has Bulwark only in its own {@code WEB-INF/lib}, as a user's WAR has it,
 * deployed on embedded Tomcat 11 or Jetty 12 (EE 11). The test registers nothing: the container
 * finds {@code BulwarkServletContainerInitializer} through the jar's
 * {@code META-INF/services/jakarta.servlet.ServletContainerInitializer}, or Bulwark is not there.
 *
 * <p>{@code WEB-INF/lib} holds {@code bulwark-servlet} and {@code bulwark-core}: the jars on the
 * test class path, or jars packed from their class directories (a reactor build tests before it
 * packages). The web application's parent class loader is the test class path with every
 * {@code dev.bulwark} class and every resource of a class path entry holding Bulwark's classes
 * hidden, so neither the initializer nor its services file can come from anywhere but
 * {@code WEB-INF/lib}. The rest (the servlet API, SLF4J, Bulwark's third-party dependencies) comes
 * from the parent, as from a container's shared libraries.
 */
final class DropInWebApp implements AutoCloseable {

  private static final String SERVICES = "META-INF/services/jakarta.servlet.ServletContainerInitializer";

  private final AutoCloseable stop;
  private final int port;
  private final Path base;

  private DropInWebApp(AutoCloseable stop, int port, Path base) {
    this.stop = stop;
    this.port = port;
    this.base = base;
  }

  /** Whether {@code WEB-INF/lib/bulwark-servlet.jar} keeps its services file (the control leaves it out). */
  enum ServicesFile {
    KEPT,
    LEFT_OUT
  }

  static DropInWebApp tomcat(ServicesFile services) throws Exception {
    return tomcat(services, null);
  }

  /** With {@code webXml} (the elements inside {@code <web-app>}) as the application's {@code WEB-INF/web.xml}. */
  static DropInWebApp tomcat(ServicesFile services, String webXml) throws Exception {
    Path base = Files.createTempDirectory("bulwark-dropin-tomcat");
    Path webapp = webapp(base.resolve("webapp"), services, webXml);
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    Context context = tomcat.addWebapp("", webapp.toString());
    context.setParentClassLoader(new HidingClassLoader(DropInWebApp.class.getClassLoader()));
    // Only the web application's own jars are scanned, as in a WAR on a stand-alone Tomcat.
    StandardJarScanner scanner = new StandardJarScanner();
    scanner.setScanClassPath(false);
    context.setJarScanner(scanner);
    tomcat.start();
    if (!context.getState().isAvailable()) {
      tomcat.stop();
      tomcat.destroy();
      throw new IllegalStateException("The web application did not start; see the log");
    }
    return new DropInWebApp(
        () -> {
          tomcat.stop();
          tomcat.destroy();
        },
        tomcat.getConnector().getLocalPort(),
        base);
  }

  static DropInWebApp jetty(ServicesFile services) throws Exception {
    return jetty(services, null);
  }

  /** With {@code webXml} (the elements inside {@code <web-app>}) as the application's {@code WEB-INF/web.xml}. */
  static DropInWebApp jetty(ServicesFile services, String webXml) throws Exception {
    Path base = Files.createTempDirectory("bulwark-dropin-jetty");
    Path webapp = webapp(base.resolve("webapp"), services, webXml);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    WebAppContext context = new WebAppContext();
    context.setContextPath("/");
    context.setBaseResourceAsPath(webapp);
    context.setThrowUnavailableOnStartupException(true);
    context.addConfiguration(new AnnotationConfiguration());
    context.setClassLoader(new WebAppClassLoader(new HidingClassLoader(DropInWebApp.class.getClassLoader()), context));
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      throw e;
    }
    return new DropInWebApp(server::stop, connector.getLocalPort(), base);
  }

  URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  @Override
  public void close() throws Exception {
    try {
      stop.close();
    } finally {
      try (Stream<Path> files = Files.walk(base)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  private static Path webapp(Path directory, ServicesFile services, String webXml) throws IOException {
    Path lib = Files.createDirectories(directory.resolve("WEB-INF/lib"));
    if (webXml != null) {
      Files.writeString(
          directory.resolve("WEB-INF/web.xml"),
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              + "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.1\">\n"
              + webXml
              + "\n</web-app>\n");
    }
    Files.writeString(directory.resolve(WarDeployment.PROBE.substring(1)), "ok\n");
    jar(codeSource(BulwarkServletContainerInitializer.class), lib.resolve("bulwark-servlet.jar"), services == ServicesFile.KEPT);
    jar(codeSource(dev.bulwark.config.BulwarkConfig.class), lib.resolve("bulwark-core.jar"), true);
    return directory;
  }

  static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies a jar, or packs a class directory into one; without the services file if asked. */
  private static void jar(Path source, Path target, boolean withServices) throws IOException {
    try (OutputStream file = Files.newOutputStream(target);
        JarOutputStream out = new JarOutputStream(file)) {
      if (Files.isDirectory(source)) {
        try (Stream<Path> paths = Files.walk(source)) {
          for (Path path : (Iterable<Path>) paths.sorted()::iterator) {
            String name = source.relativize(path).toString().replace(File.separatorChar, '/');
            if (name.isEmpty() || (!withServices && name.equals(SERVICES))) {
              continue;
            }
            if (Files.isDirectory(path)) {
              out.putNextEntry(new JarEntry(name + "/"));
            } else {
              out.putNextEntry(new JarEntry(name));
              Files.copy(path, out);
            }
            out.closeEntry();
          }
        }
      } else {
        try (JarFile in = new JarFile(source.toFile())) {
          for (JarEntry entry : Collections.list(in.entries())) {
            if (!withServices && entry.getName().equals(SERVICES)) {
              continue;
            }
            out.putNextEntry(new JarEntry(entry.getName()));
            try (InputStream data = in.getInputStream(entry)) {
              data.transferTo(out);
            }
            out.closeEntry();
          }
        }
      }
    }
  }

  /**
   * The test class path without Bulwark: no {@code dev.bulwark} class, and no resource (services
   * files, {@code bulwark.properties}) of a class path entry that holds Bulwark's classes.
   */
  static final class HidingClassLoader extends ClassLoader {

    private final List<String> hidden = new ArrayList<>();

    HidingClassLoader(ClassLoader parent) {
      super(parent);
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path path = Path.of(entry);
        if (holdsBulwark(path)) {
          hidden.add(path.toUri().getPath());
        }
      }
      for (Class<?> type : List.of(BulwarkServletContainerInitializer.class, dev.bulwark.config.BulwarkConfig.class, DropInWebApp.class)) {
        hidden.add(codeSource(type).toUri().getPath());
      }
    }

    private static boolean holdsBulwark(Path path) {
      if (Files.isDirectory(path)) {
        return Files.isDirectory(path.resolve("dev/bulwark"));
      }
      if (!Files.isRegularFile(path)) {
        return false;
      }
      try (JarFile jar = new JarFile(path.toFile())) {
        return jar.stream().anyMatch(entry -> entry.getName().startsWith("dev/bulwark/"));
      } catch (IOException e) {
        return false;
      }
    }

    private boolean isHidden(URL url) {
      String form = URI.create(url.toExternalForm().replace(" ", "%20")).getSchemeSpecificPart();
      return hidden.stream().anyMatch(form::contains);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("dev.bulwark.")) {
        throw new ClassNotFoundException(name);
      }
      return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
      try {
        Enumeration<URL> all = getResources(name);
        return all.hasMoreElements() ? all.nextElement() : null;
      } catch (IOException e) {
        return null;
      }
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      List<URL> visible = new ArrayList<>();
      for (URL url : Collections.list(getParent().getResources(name))) {
        if (!isHidden(url)) {
          visible.add(url);
        }
      }
      return Collections.enumeration(visible);
    }
  }
}
