package dev.bulwark.spring.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * Every Bulwark auto-configuration in a web application context, run by {@link LightStarterTest}
 * inside a class loader that lacks some optional jars. Public with a public constructor so another
 * loader can create it; only JDK types go in and out.
 */
public final class LightStarterScenario implements Function<List<String>, String> {

  /**
   * Starts a context with these property pairs and returns the names of Bulwark's beans, sorted. A
   * failed start is rethrown as the {@code ConfigException} that caused it.
   */
  @Override
  public String apply(List<String> settings) {
    List<String> properties = new ArrayList<>();
    for (int i = 0; i < settings.size(); i += 2) {
      properties.add(settings.get(i) + "=" + settings.get(i + 1));
    }
    AtomicReference<String> beans = new AtomicReference<>();
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(bulwarkAutoConfigurations()))
        .withPropertyValues(properties.toArray(String[]::new))
        .run(
            context -> {
              Throwable failure = context.getStartupFailure();
              for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause.getClass().getName().equals("dev.bulwark.core.ConfigException")) {
                  throw cause;
                }
              }
              if (failure != null) {
                throw new IllegalStateException(failure);
              }
              beans.set(
                  String.join(
                      ",", Arrays.stream(context.getBeanDefinitionNames()).filter(name -> name.startsWith("bulwark")).sorted().toList()));
            });
    return beans.get();
  }

  /** Every auto-configuration the starter's imports file lists, as Spring Boot finds them. */
  private static Class<?>[] bulwarkAutoConfigurations() {
    ClassLoader loader = LightStarterScenario.class.getClassLoader();
    List<Class<?>> found = new ArrayList<>();
    for (String name : ImportCandidates.load(AutoConfiguration.class, loader)) {
      if (name.startsWith("dev.bulwark.")) {
        try {
          found.add(Class.forName(name, false, loader));
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    if (found.isEmpty()) {
      throw new IllegalStateException("no Bulwark auto-configuration listed on the class path");
    }
    return found.toArray(Class<?>[]::new);
  }
}
