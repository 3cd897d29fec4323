package dev.bulwark.spring.authz.internal;

import dev.bulwark.authz.Subject;
import dev.bulwark.spring.authz.SubjectResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The subject from the servlet container's user principal, with the configured roles the
 * container confirms through {@code isUserInRole}: for applications without Spring Security.
 */
public final class ServletPrincipalSubjects implements SubjectResolver {

  private final List<String> roles;

  /** @param roles the roles to ask the container about */
  public ServletPrincipalSubjects(List<String> roles) {
    this.roles = List.copyOf(roles);
  }

  @Override
  public Subject currentSubject() {
    if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
      return Subject.anonymous();
    }
    HttpServletRequest request = attributes.getRequest();
    Principal principal = request.getUserPrincipal();
    if (principal == null) {
      return Subject.anonymous();
    }
    Set<String> granted = new HashSet<>();
    for (String role : roles) {
      if (request.isUserInRole(role)) {
        granted.add(role);
      }
    }
    return new Subject(principal.getName(), granted, null, Map.of());
  }
}
