package dev.bulwark.spring.authz.internal;

import dev.bulwark.spring.authz.Guarded;
import dev.bulwark.spring.authz.SubjectResolver;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Runs the compiled {@code @Guarded} plan of the handler before Spring MVC resolves any argument,
 * so authorisation always precedes reading and validating the body. Fails closed: before start-up
 * has compiled the plans, and for a {@code @Guarded} handler mapped after start-up (which has no
 * plan), requests are refused with an exception rather than let through unchecked.
 */
public final class GuardInterceptor implements HandlerInterceptor {

  private final SubjectResolver subjects;
  private final ConcurrentMap<Method, Boolean> unplannedGuarded = new ConcurrentHashMap<>();
  private volatile GuardPlans plans;

  /** Creates the interceptor; until {@link #initialize} gives it the plans it refuses every request. */
  public GuardInterceptor(SubjectResolver subjects) {
    this.subjects = subjects;
  }

  /** Creates the interceptor with plans already compiled. */
  public GuardInterceptor(SubjectResolver subjects, GuardPlans plans) {
    this.subjects = subjects;
    this.plans = plans;
  }

  /** Installs the plans compiled at start-up. */
  public void initialize(GuardPlans compiled) {
    this.plans = compiled;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (handler instanceof HandlerMethod method) {
      GuardPlans current = plans;
      if (current == null) {
        throw new IllegalStateException("Bulwark's @Guarded plans are not compiled yet");
      }
      GuardPlans.Plan plan = current.planFor(method.getMethod());
      if (plan != null) {
        current.apply(plan, subjects.currentSubject(), request);
      } else if (unplannedGuarded.computeIfAbsent(method.getMethod(), m -> isGuarded(method))) {
        throw new IllegalStateException(
            "@Guarded handler " + method.getShortLogMessage() + " was mapped after start-up and has no compiled plan");
      }
    }
    return true;
  }

  private static boolean isGuarded(HandlerMethod method) {
    if (AnnotatedElementUtils.hasAnnotation(method.getMethod(), Guarded.class)) {
      return true;
    }
    for (MethodParameter parameter : method.getMethodParameters()) {
      if (parameter.hasParameterAnnotation(Guarded.class)) {
        return true;
      }
    }
    return false;
  }
}
