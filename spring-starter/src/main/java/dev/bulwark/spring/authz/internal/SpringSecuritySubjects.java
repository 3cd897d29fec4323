package dev.bulwark.spring.authz.internal;

import dev.bulwark.authz.Subject;
import dev.bulwark.spring.authz.SubjectResolver;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The subject from Spring Security's {@code Authentication}: name as id, roles without {@code
 * ROLE_}. Without an {@code Authentication} (spring-security-core on the class path but the
 * container authenticating) it falls back to the servlet user principal.
 */
public final class SpringSecuritySubjects implements SubjectResolver {

  private final SubjectResolver fallback;

  /** Without a fallback: no {@code Authentication} means anonymous. */
  public SpringSecuritySubjects() {
    this(Subject::anonymous);
  }

  /** @param fallback asked when there is no {@code Authentication} at all */
  public SpringSecuritySubjects(SubjectResolver fallback) {
    this.fallback = fallback;
  }

  @Override
  public Subject currentSubject() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null) {
      return fallback.currentSubject();
    }
    if (!authentication.isAuthenticated() || authentication instanceof AnonymousAuthenticationToken) {
      return Subject.anonymous();
    }
    Set<String> roles = new HashSet<>();
    for (GrantedAuthority authority : authentication.getAuthorities()) {
      String name = authority.getAuthority();
      if (name != null && name.startsWith("ROLE_")) {
        roles.add(name.substring(5));
      }
    }
    return new Subject(authentication.getName(), roles, null, Map.of());
  }
}
