package dev.bulwark.servlet;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The drop-in initializer on Jetty, started from system properties, run by {@link LightServletTest}
 * inside a class loader that lacks some optional jars. Public with a public constructor so another
 * loader can create it; only JDK types go in and out.
 */
public final class LightServletScenario implements Function<List<String>, String> {

  /**
   * Starts a server with these property pairs, requests {@code /page} and returns the status and the
   * response headers. A start-up failure is rethrown as the {@code ConfigException} that caused it.
   */
  @Override
  public String apply(List<String> settings) {
    for (int i = 0; i < settings.size(); i += 2) {
      System.setProperty(settings.get(i), settings.get(i + 1));
    }
    try (JettyTestServer server = start()) {
      HttpResponse<String> page = Http.get(server.uri("/page"));
      return page.statusCode() + " " + new TreeMap<>(page.headers().map());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      for (int i = 0; i < settings.size(); i += 2) {
        System.clearProperty(settings.get(i));
      }
    }
  }

  private static JettyTestServer start() throws Exception {
    try {
      return JettyTestServer.startWithInitializer();
    } catch (Exception e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause.getClass().getName().equals("dev.bulwark.core.ConfigException")) {
          throw (RuntimeException) cause;
        }
      }
      throw e;
    }
  }
}
