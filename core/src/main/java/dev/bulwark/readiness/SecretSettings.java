package dev.bulwark.readiness;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises settings that hold secrets, for the {@code literal-secret} check: by the property's
 * name ({@code spring.datasource.password}, {@code app.jwt.secret}, {@code api-key}) or by a
 * password embedded in a URI ({@code redis://:s3cret@cache:6379}). Only names and the presence of a
 * password are looked at; callers never print the value.
 */
public final class SecretSettings {

  private static final Set<String> SECRET_WORDS =
      Set.of("password", "passwd", "pwd", "passphrase", "secret", "token", "credential", "credentials", "key", "apikey");

  private static final Pattern URI_PASSWORD = Pattern.compile("^[A-Za-z][A-Za-z0-9+.:-]*://[^/?#@\\s]*:[^/?#@\\s]+@");

  private static final Pattern QUERY_PASSWORD = Pattern.compile("(?i)[?&;](password|pwd)=[^&;\\s]+");

  private static final Pattern PLACEHOLDER_DEFAULT = Pattern.compile("\\$\\{[^}:]+:[^}\\s][^}]*}");

  private SecretSettings() {}

  /**
   * The environment variable that sets a property in relaxed binding: {@code
   * spring.datasource.password} becomes {@code SPRING_DATASOURCE_PASSWORD}.
   */
  public static String environmentVariable(String propertyName) {
    return propertyName.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
  }

  /**
   * Returns whether a property name says it holds a secret: its last segment ends in password,
   * secret, token, key, credentials and the like ({@code key-store-password} and {@code
   * client-secret} do; {@code key-prefix}, {@code token-uri} and {@code public-key} do not).
   */
  public static boolean isSecretName(String propertyName) {
    String name = propertyName.replaceAll("\\[[^]]*]", "");
    String last = name.substring(name.lastIndexOf('.') + 1);
    String dashed = last.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    String[] words = dashed.split("[-_]");
    if (words.length == 0) {
      return false;
    }
    String word = words[words.length - 1];
    if (words.length > 1 && words[words.length - 2].equals("public")) {
      return false;
    }
    return SECRET_WORDS.contains(word);
  }

  /**
   * Returns whether a value is a URI or connection string that carries a password ({@code
   * scheme://user:password@host}, or a {@code password=} parameter).
   */
  public static boolean hasEmbeddedPassword(String value) {
    return value != null && (URI_PASSWORD.matcher(value).find() || QUERY_PASSWORD.matcher(value).find());
  }

  /**
   * Returns whether a value written in a configuration file holds a literal rather than only a
   * reference to something else: not empty, and not a {@code ${NAME}} placeholder; a placeholder
   * with a default ({@code ${DB_PASSWORD:changeit}}) is literal, since the default is in the file.
   */
  public static boolean isLiteral(String value) {
    if (value == null || value.isBlank()) {
      return false;
    }
    if (!value.contains("${")) {
      return true;
    }
    return PLACEHOLDER_DEFAULT.matcher(value).find();
  }
}
