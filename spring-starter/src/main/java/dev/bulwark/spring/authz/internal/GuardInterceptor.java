package dev.bulwark.spring.authz.internal;

import dev.bulwark.spring.authz.SubjectResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Runs the compiled {@code @Guarded} plan of the handler before Spring MVC resolves any argument,
 * so authorisation always precedes reading and validating the body.
 */
public final class GuardInterceptor implements HandlerInterceptor {

  private final SubjectResolver subjects;
  private volatile GuardPlans plans;

  /** Creates the interceptor; {@link #initialize} gives it the plans. */
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
      GuardPlans.Plan plan = current.planFor(method.getMethod());
      if (plan != null) {
        current.apply(plan, subjects.currentSubject(), request);
      }
    }
    return true;
  }
}
