package dev.bulwark.examples.notes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The demo users and their roles. Passwords come from configuration ({@code NOTES_ALICE_PASSWORD},
 * {@code NOTES_BOB_PASSWORD}, {@code NOTES_ADMIN_PASSWORD}); the defaults below are for local runs
 * only and are documented in the README.
 */
public final class DemoUsers {

  /** One user. */
  public record User(String name, String password, Set<String> roles) {}

  /** Default passwords for local runs: override them through the environment anywhere else. */
  public static final Map<String, String> DEFAULT_PASSWORDS =
      Map.of("alice", "alice-local-only", "bob", "bob-local-only", "admin", "admin-local-only");

  private DemoUsers() {}

  /**
   * Returns alice and bob (role USER) and admin (role ADMIN).
   *
   * @param lookup reads a setting by environment variable name, such as {@code System::getenv}
   */
  public static Map<String, User> load(UnaryOperator<String> lookup) {
    Map<String, User> users = new LinkedHashMap<>();
    users.put("alice", user("alice", lookup, "USER"));
    users.put("bob", user("bob", lookup, "USER"));
    users.put("admin", user("admin", lookup, "ADMIN"));
    return users;
  }

  private static User user(String name, UnaryOperator<String> lookup, String role) {
    String configured = lookup.apply("NOTES_" + name.toUpperCase() + "_PASSWORD");
    String password = configured == null || configured.isBlank() ? DEFAULT_PASSWORDS.get(name) : configured;
    return new User(name, password, Set.of(role));
  }
}
