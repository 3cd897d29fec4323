package dev.bulwark.spring.authz.internal;

import java.util.List;
import java.util.function.Predicate;
import org.springframework.aop.Advisor;
import org.springframework.aop.Pointcut;
import org.springframework.aop.PointcutAdvisor;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.web.method.HandlerMethod;

/**
 * Whether Spring Security's method security checks a handler's rules: some advisor of Spring
 * Security's ({@code @EnableMethodSecurity} registers one per kind of annotation it is told to
 * check) matches the handler method. Without one, {@code @PreAuthorize}, {@code @Secured} and
 * {@code @RolesAllowed} are annotations nothing reads.
 */
public final class MethodSecurity implements Predicate<HandlerMethod> {

  private static final String SPRING_SECURITY = "org.springframework.security.";

  private final List<Pointcut> pointcuts;

  private MethodSecurity(List<Pointcut> pointcuts) {
    this.pointcuts = pointcuts;
  }

  /** Reads Spring Security's method-security advisors from the context, once every bean exists. */
  public static MethodSecurity of(ListableBeanFactory beans) {
    List<Pointcut> pointcuts =
        beans.getBeansOfType(Advisor.class).values().stream()
            .filter(advisor -> advisor.getClass().getName().startsWith(SPRING_SECURITY))
            .filter(PointcutAdvisor.class::isInstance)
            .map(advisor -> ((PointcutAdvisor) advisor).getPointcut())
            .toList();
    return new MethodSecurity(pointcuts);
  }

  /** Returns whether method security is on at all. */
  public boolean enabled() {
    return !pointcuts.isEmpty();
  }

  @Override
  public boolean test(HandlerMethod handler) {
    Class<?> type = handler.getBeanType();
    for (Pointcut pointcut : pointcuts) {
      if (pointcut.getClassFilter().matches(type) && pointcut.getMethodMatcher().matches(handler.getMethod(), type)) {
        return true;
      }
    }
    return false;
  }
}
