package dev.bulwark.testing;

import java.io.File;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * This JVM's class path without some jars, as an application that did not add them has it. The
 * loader's parent is the platform loader, so no class of the hidden jars, and no class of Bulwark
 * loaded with them, can leak in from the test's own loader.
 */
public final class TrimmedClassPath {

  private TrimmedClassPath() {}

  /**
   * Returns a loader over the class path without the jars of these artifacts.
   *
   * @param artifactIds jars whose file name is {@code <artifactId>-<version>.jar}
   * @throws IllegalStateException if one of them is not on the class path at all: hiding it would
   *     prove nothing
   */
  public static URLClassLoader without(String... artifactIds) {
    List<URL> kept = new ArrayList<>();
    boolean[] found = new boolean[artifactIds.length];
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      boolean hidden = false;
      for (int i = 0; i < artifactIds.length; i++) {
        if (name.startsWith(artifactIds[i] + "-") && name.endsWith(".jar") && Character.isDigit(name.charAt(artifactIds[i].length() + 1))) {
          found[i] = true;
          hidden = true;
        }
      }
      if (!hidden) {
        try {
          kept.add(Path.of(entry).toUri().toURL());
        } catch (MalformedURLException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    for (int i = 0; i < artifactIds.length; i++) {
      if (!found[i]) {
        throw new IllegalStateException(artifactIds[i] + " is not on the test class path, so hiding it proves nothing");
      }
    }
    return new URLClassLoader("trimmed", kept.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  /**
   * Runs a scenario in a loader: {@code scenario} is loaded there, with everything it uses, and
   * applied to {@code arguments}. Only JDK types cross between the loaders.
   */
  @SuppressWarnings("unchecked")
  public static String run(ClassLoader loader, Class<?> scenario, String... arguments) throws Exception {
    Function<List<String>, String> instance =
        (Function<List<String>, String>) Class.forName(scenario.getName(), true, loader).getConstructor().newInstance();
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(loader);
    try {
      return instance.apply(List.of(arguments));
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }
}
