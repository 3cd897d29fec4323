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

/** The subject from Spring Security's {@code Authentication}: name as id, roles without {@code ROLE_}. */
public final class SpringSecuritySubjects implements SubjectResolver {

  @Override
  public Subject currentSubject() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null
        || !authentication.isAuthenticated()
        || authentication instanceof AnonymousAuthenticationToken) {
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
