package dev.bulwark.authz;

import java.util.Map;
import java.util.Set;

/**
 * Who is asking: the input of every policy decision. Built by the integration from the
 * authenticated principal (Spring Security's {@code Authentication}, or the servlet container's
 * user principal and roles), or by the application itself.
 *
 * @param id the stable identifier of the caller, such as a user name; {@code null} when anonymous
 * @param roles role names without a {@code ROLE_} prefix, such as {@code ADMIN}
 * @param tenant the caller's tenant in a multi-tenant application, or {@code null}
 * @param attributes anything else a policy needs (department, plan, clearance...)
 */
public record Subject(String id, Set<String> roles, String tenant, Map<String, Object> attributes) {

  private static final Subject ANONYMOUS = new Subject(null, Set.of(), null, Map.of());

  /** Copies the collections so a subject cannot change after a decision was taken. */
  public Subject {
    roles = roles == null ? Set.of() : Set.copyOf(roles);
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  /** A caller who is not logged in. */
  public static Subject anonymous() {
    return ANONYMOUS;
  }

  /** A logged-in caller with roles and nothing else. */
  public static Subject of(String id, String... roles) {
    return new Subject(id, Set.of(roles), null, Map.of());
  }

  /** Whether the caller is logged in. */
  public boolean authenticated() {
    return id != null;
  }

  /** Whether the caller has a role. */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** Whether the caller's id equals the given one; false for anonymous callers. */
  public boolean is(String otherId) {
    return id != null && id.equals(otherId);
  }
}
