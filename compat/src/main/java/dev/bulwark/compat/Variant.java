package dev.bulwark.compat;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One way of running the application: a name, whether Bulwark's starter is added, and an optional
 * properties file handed to the application as an additional configuration location.
 *
 * <p>Written on the command line as {@code NAME:on[:FILE]} or {@code NAME:off[:FILE]}, or as one of
 * the built-in names: {@code bare} (no Bulwark), {@code default} (the starter, no properties),
 * {@code observe} (the starter with {@code variants/observe.properties}) and {@code enforce=FILE}
 * (the starter with the given file).
 */
public record Variant(String name, boolean bulwark, Optional<Path> properties) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  public Variant {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(properties, "properties");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("variant name '" + name + "': letters, digits, '.', '_' and '-' only");
    }
  }

  /** The built-in {@code bare} variant: the application as it is. */
  public static Variant bare() {
    return new Variant("bare", false, Optional.empty());
  }

  /**
   * Parses a variant from its command-line form.
   *
   * @param spec {@code bare}, {@code default}, {@code observe}, {@code enforce=FILE}, or
   *     {@code NAME:on|off[:FILE]}
   * @param variantsDir where the built-in variants' properties files are ({@code compat/variants})
   */
  public static Variant parse(String spec, Path variantsDir) {
    String s = spec.trim();
    switch (s) {
      case "bare":
        return bare();
      case "default":
        return new Variant("default", true, Optional.empty());
      case "observe":
        return new Variant("observe", true, Optional.of(variantsDir.resolve("observe.properties")));
      case "enforce":
        throw new IllegalArgumentException("variant 'enforce' needs its properties file: enforce=FILE");
      default:
        break;
    }
    if (s.startsWith("enforce=")) {
      String file = s.substring("enforce=".length());
      if (file.isEmpty()) {
        throw new IllegalArgumentException("variant 'enforce' needs its properties file: enforce=FILE");
      }
      return new Variant("enforce", true, Optional.of(Path.of(file)));
    }
    String[] parts = s.split(":", 3);
    if (parts.length < 2) {
      throw new IllegalArgumentException(
          "variant '" + spec + "': expected bare, default, observe, enforce=FILE or NAME:on|off[:FILE]");
    }
    boolean on;
    switch (parts[1]) {
      case "on":
        on = true;
        break;
      case "off":
        on = false;
        break;
      default:
        throw new IllegalArgumentException("variant '" + spec + "': the second part is 'on' or 'off', not '" + parts[1] + "'");
    }
    Optional<Path> file = parts.length == 3 && !parts[2].isEmpty() ? Optional.of(Path.of(parts[2])) : Optional.empty();
    return new Variant(parts[0], on, file);
  }

  /** How the variant is described in reports: {@code starter + observe.properties}, {@code no Bulwark}. */
  public String describe() {
    String base = bulwark ? "starter" : "no Bulwark";
    return properties.map(p -> base + " + " + p.getFileName()).orElse(bulwark ? base + ", no properties" : base);
  }
}
