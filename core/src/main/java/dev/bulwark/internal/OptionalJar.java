package dev.bulwark.internal;

import dev.bulwark.core.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The libraries core compiles against but does not bring: each is needed only by a feature that is
 * off by default or by an API the application calls itself. Checking for them before the first
 * class that uses them is loaded turns a missing jar into a start-up error that names it, instead
 * of a {@link NoClassDefFoundError} on the first request that needs it.
 */
public enum OptionalJar {
  BUCKET4J("com.bucket4j:bucket4j_jdk17-core", "io.github.bucket4j.Bucket"),
  CAFFEINE("com.github.ben-manes.caffeine:caffeine", "com.github.benmanes.caffeine.cache.Caffeine"),
  // Brings jakarta.validation:jakarta.validation-api with it.
  HIBERNATE_VALIDATOR("org.hibernate.validator:hibernate-validator", "org.hibernate.validator.HibernateValidator"),
  HTML_SANITIZER("com.googlecode.owasp-java-html-sanitizer:owasp-java-html-sanitizer", "org.owasp.html.HtmlPolicyBuilder"),
  MICROMETER("io.micrometer:micrometer-core", "io.micrometer.core.instrument.MeterRegistry");

  private final String coordinates;
  private final String probe;

  OptionalJar(String coordinates, String probe) {
    this.coordinates = coordinates;
    this.probe = probe;
  }

  /** Returns the jar's Maven {@code groupId:artifactId}. */
  public String coordinates() {
    return coordinates;
  }

  /** Returns whether the jar is visible to the class loader that loaded Bulwark's core. */
  public boolean present() {
    try {
      // Not initialised: only whether it can be found matters, and its static state is not ours to start.
      Class.forName(probe, false, OptionalJar.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Stops start-up when a feature switched on by a property lacks a jar.
   *
   * @param property the property that switched the feature on
   * @param feature what needs the jars, as the message names it
   * @throws ConfigException naming the property and the coordinates of every missing jar
   */
  public static void require(String property, String feature, OptionalJar... jars) {
    String missing = missing(jars);
    if (!missing.isEmpty()) {
      throw new ConfigException(property, feature + " needs " + missing + " on the class path; add it to the application's build");
    }
  }

  /**
   * Refuses an API the application calls itself (no property switches it on) when a jar is missing.
   *
   * @param api the class or method, as the message names it
   * @throws IllegalStateException naming the coordinates of every missing jar
   */
  public static void requireFor(String api, OptionalJar... jars) {
    String missing = missing(jars);
    if (!missing.isEmpty()) {
      throw new IllegalStateException(api + " needs " + missing + " on the class path; add it to the application's build");
    }
  }

  private static String missing(OptionalJar... jars) {
    List<String> missing = new ArrayList<>();
    for (OptionalJar jar : jars) {
      if (!jar.present()) {
        missing.add(jar.coordinates);
      }
    }
    if (missing.size() <= 1) {
      return String.join("", missing);
    }
    return missing.subList(0, missing.size() - 1).stream().collect(Collectors.joining(", "))
        + " and "
        + missing.get(missing.size() - 1);
  }
}
