package dev.bulwark.net;

/**
 * Reads request headers for core engines without tying them to a server API. Integrations pass a
 * lambda such as {@code request::getHeader}.
 */
@FunctionalInterface
public interface HeaderLookup {

  /**
   * Returns the header's value, or {@code null} if absent. When the header appears more than once,
   * implementations should join the values with {@code ", "} in arrival order if the header is a
   * list ({@code X-Forwarded-For}, {@code Forwarded}); returning the first is acceptable otherwise.
   *
   * @param name the header name, case-insensitive
   */
  String get(String name);
}
