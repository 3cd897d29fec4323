package dev.bulwark.benchmarks;

import dev.bulwark.authz.Guard;
import dev.bulwark.authz.ResourceLookup;
import dev.bulwark.benchmarks.GuardBenchmark.Doc;
import dev.bulwark.benchmarks.GuardBenchmark.DocPolicy;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.spring.authz.Guarded;
import dev.bulwark.spring.authz.SubjectResolver;
import dev.bulwark.spring.authz.internal.GuardInterceptor;
import dev.bulwark.spring.authz.internal.GuardPlans;
import dev.bulwark.spring.authz.internal.GuardedArgumentResolver;
import dev.bulwark.spring.authz.internal.SpringSecuritySubjects;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.core.MethodParameter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The whole declarative guard on a Spring MVC request, as {@code @Guarded("UPDATE") Doc doc} on a
 * handler mapped to {@code /docs/{id}} runs it: the interceptor finds the handler's compiled plan,
 * resolves the subject from Spring Security's context (name and authorities into a {@code Subject}),
 * reads the path variable, calls the lookup, checks the policy through the guard and leaves the
 * object in the request; then the argument resolver hands it to the parameter. The lookup returns
 * a document already in memory, so loading costs nothing here, as the target asks ("excluding
 * loading the resource"). The request is one Spring mock reused across invocations (only its
 * attributes change), so mock construction is not measured either.
 *
 * <p>Target: under 2 &micro;s median.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GuardedRequestBenchmark {

  /** The controller whose method is guarded. */
  public static final class DocController {
    /** The guarded handler. */
    public Doc update(@Guarded("UPDATE") Doc doc) {
      return doc;
    }
  }

  private GuardInterceptor interceptor;
  private final GuardedArgumentResolver resolver = new GuardedArgumentResolver();
  private HandlerMethod handler;
  private MethodParameter parameter;
  private MockHttpServletRequest request;
  private final MockHttpServletResponse response = new MockHttpServletResponse();
  private ServletWebRequest webRequest;

  /** Compiles the plan as start-up does and signs alice in. */
  @Setup
  public void setUp() throws Exception {
    Doc doc = new Doc(42, "alice");
    Guard guard = Guard.builder().policy(new DocPolicy()).events(new SecurityEvents()).build();
    ResourceLookup<Doc> lookup = new ResourceLookup<>() {
      @Override
      public Class<Doc> resourceType() {
        return Doc.class;
      }

      @Override
      public Optional<Doc> find(String id) {
        return "42".equals(id) ? Optional.of(doc) : Optional.empty();
      }
    };
    Method method = DocController.class.getMethod("update", Doc.class);
    handler = new HandlerMethod(new DocController(), method);
    parameter = handler.getMethodParameters()[0];
    GuardPlans plans = GuardPlans.compile(Map.of(handler, Set.of("/docs/{id}")), guard, Map.of(Doc.class, lookup));
    SubjectResolver subjects = new SpringSecuritySubjects();
    interceptor = new GuardInterceptor(subjects, plans);
    SecurityContextHolder.getContext().setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated("alice", null, List.of(new SimpleGrantedAuthority("ROLE_USER"))));
    request = new MockHttpServletRequest("PUT", "/docs/42");
    request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of("id", "42"));
    webRequest = new ServletWebRequest(request, response);
    if (guard() != doc) {
      throw new IllegalStateException("the guard did not hand over the document");
    }
  }

  /** Signs alice out. */
  @TearDown
  public void tearDown() {
    SecurityContextHolder.clearContext();
  }

  /** Interceptor plus argument resolver for one request. */
  @Benchmark
  public Object guard() throws Exception {
    interceptor.preHandle(request, response, handler);
    return resolver.resolveArgument(parameter, null, webRequest, null);
  }
}
