package dev.bulwark.spring.authz.internal;

import dev.bulwark.authz.Subject;
import dev.bulwark.servlet.RequestGuard;
import dev.bulwark.spring.authz.SubjectResolver;
import java.util.List;
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
    return RequestGuard.subject(attributes.getRequest(), roles);
  }
}
