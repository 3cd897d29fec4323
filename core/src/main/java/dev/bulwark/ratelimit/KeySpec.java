package dev.bulwark.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed key definition: the sources tried in order until one resolves. Parsed once at start-up;
 * resolving is a walk over a short array.
 *
 * @param sources the sources, most preferred first
 */
public record KeySpec(List<Source> sources) {

  /** Where a key can come from. */
  public enum Kind {
    /** The client's address (IPv6 grouped by prefix). Always resolves. */
    IP,
    /** The authenticated user's name. */
    PRINCIPAL,
    /** A request header, such as an API key. */
    HEADER
  }

  /**
   * One source.
   *
   * @param kind what it reads
   * @param header the header name for {@link Kind#HEADER}, else {@code null}
   */
  public record Source(Kind kind, String header) {}

  /**
   * Parses {@code ip}, {@code principal}, {@code header:Name} or a comma-separated chain of them.
   *
   * @throws IllegalArgumentException naming the part it cannot read
   */
  public static KeySpec parse(String text) {
    List<Source> sources = new ArrayList<>();
    for (String raw : text.split(",")) {
      String part = raw.trim();
      String lower = part.toLowerCase(Locale.ROOT);
      if (lower.equals("ip")) {
        sources.add(new Source(Kind.IP, null));
      } else if (lower.equals("principal")) {
        sources.add(new Source(Kind.PRINCIPAL, null));
      } else if (lower.startsWith("header:") && part.substring(7).trim().matches("[A-Za-z0-9-]{1,64}")) {
        sources.add(new Source(Kind.HEADER, part.substring(7).trim()));
      } else {
        throw new IllegalArgumentException(
            "key part '" + (part.length() > 40 ? part.substring(0, 40) + "..." : part)
                + "' is not ip, principal or header:Header-Name");
      }
    }
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("key must name at least one source");
    }
    return new KeySpec(List.copyOf(sources));
  }

  /** Returns whether some source needs the authenticated user, so the rule runs after login. */
  public boolean needsPrincipal() {
    return sources.stream().anyMatch(s -> s.kind() == Kind.PRINCIPAL);
  }

  /** Returns the chain as it is written in configuration, such as {@code principal,ip}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Source source : sources) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(source.kind() == Kind.HEADER ? "header:" + source.header() : source.kind().name().toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }

  /** Returns whether the chain always resolves (it contains {@code ip}). */
  public boolean alwaysResolves() {
    return sources.stream().anyMatch(s -> s.kind() == Kind.IP);
  }
}
