package dev.bulwark.spring.authz.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.authz.Guard;
import dev.bulwark.authz.Subject;
import dev.bulwark.spring.authz.Guarded;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.method.HandlerMethod;

/** The interceptor fails closed wherever it has no plan for a guarded handler. */
class GuardInterceptorTest {

  static final class Controller {
    public String open() {
      return "open";
    }

    @Guarded(value = "CREATE", resource = String.class)
    public String guardedMethod() {
      return "guarded";
    }

    public String guardedParameter(@Guarded("READ") String value) {
      return value;
    }
  }

  private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/x");
  private final MockHttpServletResponse response = new MockHttpServletResponse();

  private static HandlerMethod handler(String name, Class<?>... parameters) throws Exception {
    return new HandlerMethod(new Controller(), Controller.class.getMethod(name, parameters));
  }

  @Test
  void refusesEveryHandlerUntilThePlansAreCompiled() throws Exception {
    GuardInterceptor interceptor = new GuardInterceptor(Subject::anonymous);
    assertThatThrownBy(() -> interceptor.preHandle(request, response, handler("open")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not compiled");
  }

  @Test
  void refusesGuardedHandlersMappedAfterStartUpAndPassesOthers() throws Exception {
    GuardInterceptor interceptor = new GuardInterceptor(Subject::anonymous);
    interceptor.initialize(GuardPlans.compile(Map.of(), Guard.of(), Map.of()));
    assertThat(interceptor.preHandle(request, response, handler("open"))).isTrue();
    assertThatThrownBy(() -> interceptor.preHandle(request, response, handler("guardedMethod")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mapped after start-up");
    assertThatThrownBy(() -> interceptor.preHandle(request, response, handler("guardedParameter", String.class)))
        .isInstanceOf(IllegalStateException.class);
  }
}
