package dev.bulwark.spring.authz.internal;

import dev.bulwark.spring.authz.Guarded;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Hands a {@link Guarded} parameter the object or scope that {@link GuardInterceptor} checked. */
public final class GuardedArgumentResolver implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.hasParameterAnnotation(Guarded.class);
  }

  @Override
  public Object resolveArgument(
      MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request, WebDataBinderFactory binders) {
    Object value = request.getAttribute(GuardPlans.ATTRIBUTE_PREFIX + parameter.getParameterIndex(), RequestAttributes.SCOPE_REQUEST);
    if (value == null) {
      // Never hand over an unchecked object: without the interceptor's result the call must fail.
      throw new IllegalStateException("@Guarded parameter " + parameter.getParameterName() + " was not checked");
    }
    return value;
  }
}
