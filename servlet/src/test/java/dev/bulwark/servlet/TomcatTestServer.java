package dev.bulwark.servlet;

import dev.bulwark.config.BulwarkConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** A bare embedded Tomcat 11 with the test servlets and Bulwark's filter. */
final class TomcatTestServer implements TestServer {

  private final Tomcat tomcat;

  private TomcatTestServer(Tomcat tomcat) {
    this.tomcat = tomcat;
  }

  static TomcatTestServer start(BulwarkConfig config) throws Exception {
    return start(config, false);
  }

  /** Starts with the filter and, when asked, Bulwark's error report valve on the host. */
  static TomcatTestServer start(BulwarkConfig config, boolean errorReportValve) throws Exception {
    return start(config, errorReportValve, new dev.bulwark.events.SecurityEvents());
  }

  /** Starts with the filter and, if asked, the error report valve, both counting into {@code events}. */
  static TomcatTestServer start(BulwarkConfig config, boolean errorReportValve, dev.bulwark.events.SecurityEvents events)
      throws Exception {
    return start(config, errorReportValve, events, context -> {});
  }

  /** Starts as above after the test has added its own parts (servlets, error pages) to the context. */
  static TomcatTestServer start(
      BulwarkConfig config,
      boolean errorReportValve,
      dev.bulwark.events.SecurityEvents events,
      java.util.function.Consumer<Context> setup)
      throws Exception {
    Path base = Files.createTempDirectory("bulwark-tomcat");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    Context context = tomcat.addContext("", new File("src/test/resources/static").getAbsolutePath());
    TestServlets.all().forEach((path, servlet) -> {
      String name = path.replace('/', '_');
      Tomcat.addServlet(context, name, servlet);
      context.addServletMappingDecoded(path, name);
    });
    Wrapper defaultServlet = Tomcat.addServlet(context, "default", "org.apache.catalina.servlets.DefaultServlet");
    defaultServlet.addInitParameter("listings", "false");
    context.addServletMappingDecoded("/", "default");
    context.addMimeMapping("css", "text/css");

    FilterDef def = new FilterDef();
    def.setFilterName("bulwark");
    def.setFilter(new BulwarkFilter(config, events));
    context.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName("bulwark");
    map.addURLPattern("/*");
    context.addFilterMap(map);

    setup.accept(context);
    if (errorReportValve) {
      tomcat.getHost().getPipeline().addValve(new dev.bulwark.servlet.tomcat.BulwarkErrorReportValve(config, events));
      ((org.apache.catalina.core.StandardHost) tomcat.getHost())
          .setErrorReportValveClass(dev.bulwark.servlet.tomcat.BulwarkErrorReportValve.class.getName());
    }
    tomcat.start();
    return new TomcatTestServer(tomcat);
  }

  @Override
  public int port() {
    return tomcat.getConnector().getLocalPort();
  }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }
}
