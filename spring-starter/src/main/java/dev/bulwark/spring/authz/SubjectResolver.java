package dev.bulwark.spring.authz;

import dev.bulwark.authz.Subject;

/**
 * Finds the {@link Subject} of the current request. The starter provides one that reads Spring
 * Security's {@code Authentication} when Spring Security is present (user name as id, authorities
 * without the {@code ROLE_} prefix as roles), and the servlet user principal otherwise. Declare a
 * bean of this type to add a tenant or attributes.
 */
@FunctionalInterface
public interface SubjectResolver {

  /** The caller of the current request; anonymous when nobody is logged in. */
  Subject currentSubject();
}
