package dev.bulwark.spring.authz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.authz.Guard;
import dev.bulwark.authz.Scope;
import dev.bulwark.authz.Subject;
import dev.bulwark.servlet.TestDocs.Doc;
import dev.bulwark.servlet.TestDocs.DocPolicy;
import dev.bulwark.servlet.TestDocs.DocStore;
import dev.bulwark.authz.EndpointInventory;
import dev.bulwark.authz.EndpointInventory.Endpoint;
import dev.bulwark.authz.EndpointInventory.Protection;
import dev.bulwark.spring.authz.internal.GuardInterceptor;
import dev.bulwark.spring.authz.internal.ServletPrincipalSubjects;
import dev.bulwark.spring.authz.internal.SpringSecuritySubjects;
import dev.bulwark.spring.autoconfigure.BulwarkAuthzConfiguration;
import dev.bulwark.spring.autoconfigure.BulwarkAutoConfiguration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The authorisation auto-configuration's wiring: policy beans, start-up checks of every
 * {@code @Guarded} annotation, the endpoint inventory with {@code bulwark.authz.unguarded} and the
 * subject sources.
 */
@ExtendWith(OutputCaptureExtension.class)
class BulwarkAuthzConfigurationTest {

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  BulwarkAutoConfiguration.class,
                  BulwarkAuthzConfiguration.class,
                  DispatcherServletAutoConfiguration.class,
                  WebMvcAutoConfiguration.class,
                  ErrorMvcAutoConfiguration.class));

  /** Spring Security's method security, which checks {@code @PreAuthorize}. */
  @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
  @org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity
  static class MethodSecurityOn {}

  /** The policy and lookup of the documents, with method security on. */
  private final WebApplicationContextRunner docs =
      runner.withBean(DocPolicy.class).withBean(DocStore.class).withUserConfiguration(MethodSecurityOn.class);

  /** The same without method security: {@code @PreAuthorize} is an annotation nothing reads. */
  private final WebApplicationContextRunner docsWithoutMethodSecurity = runner.withBean(DocPolicy.class).withBean(DocStore.class);

  @AfterEach
  void clearContexts() {
    SecurityContextHolder.clearContext();
    RequestContextHolder.resetRequestAttributes();
  }

  @RestController
  static class GuardedController {
    @GetMapping("/docs/{id}")
    String read(@Guarded("READ") Doc doc) {
      return doc.text();
    }

    @GetMapping("/docs")
    String list(@Guarded(value = "LIST", resource = Doc.class) Scope scope) {
      return scope.toString();
    }

    @Guarded(value = "CREATE", resource = Doc.class)
    @PostMapping("/docs")
    String create() {
      return "created";
    }

    @Public("the greeting is for everybody")
    @GetMapping("/hello")
    String hello() {
      return "hello";
    }

    @PreAuthorize("hasRole('ADMIN')")
    @GetMapping("/admin/stats")
    String stats() {
      return "stats";
    }
  }

  @RestController
  static class UnguardedController {
    @GetMapping("/docs/{id}/raw")
    String raw(@PathVariable String id) {
      return id;
    }
  }

  @RestController
  static class UnknownActionController {
    @GetMapping("/docs/{id}")
    String destroy(@Guarded("DESTROY") Doc doc) {
      return doc.id();
    }
  }

  @RestController
  static class WrongVariableController {
    @GetMapping("/docs/{docId}")
    String read(@Guarded("READ") Doc doc) {
      return doc.id();
    }
  }

  @RestController
  static class MethodWithoutResourceController {
    @Guarded("CREATE")
    @PostMapping("/docs")
    String create() {
      return "created";
    }
  }

  private static String startupFailure(AssertableWebApplicationContext context) {
    assertThat(context).hasFailed();
    StringBuilder messages = new StringBuilder();
    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }

  @Test
  void policyBeansMakeTheGuard() {
    docs.run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(Guard.class).hasSingleBean(GuardInterceptor.class);
      Guard guard = context.getBean(Guard.class);
      assertThat(guard.policies()).containsOnlyKeys(Doc.class);
      assertThat(guard.policyFor(Doc.class)).isSameAs(context.getBean(DocPolicy.class));
    });
  }

  @Test
  void twoPoliciesForOneTypeStopStartUp() {
    runner.withBean("firstPolicy", DocPolicy.class).withBean("secondPolicy", DocPolicy.class).run(context ->
        assertThat(startupFailure(context)).contains("two authorization policies for " + Doc.class.getName()));
  }

  @Test
  void anUnknownActionStopsStartUpNamingTheMethod() {
    docs.withUserConfiguration(UnknownActionController.class).run(context ->
        assertThat(startupFailure(context))
            .contains("UnknownActionController.destroy")
            .contains("'DESTROY' is not an action of")
            .contains("READ, UPDATE, CREATE, LIST"));
  }

  @Test
  void aMissingLookupStopsStartUpNamingTheMethod() {
    runner.withBean(DocPolicy.class).withUserConfiguration(GuardedController.class).run(context ->
        assertThat(startupFailure(context))
            .contains("GuardedController.read")
            .contains("no ResourceLookup bean loads " + Doc.class.getName()));
  }

  @Test
  void aPathVariableTheMappingLacksStopsStartUpNamingTheMethod() {
    docs.withUserConfiguration(WrongVariableController.class).run(context ->
        assertThat(startupFailure(context))
            .contains("WrongVariableController.read")
            .contains("path variable 'id'")
            .contains("/docs/{docId}"));
  }

  @Test
  void aMethodGuardWithoutResourceStopsStartUpNamingTheMethod() {
    docs.withUserConfiguration(MethodWithoutResourceController.class).run(context ->
        assertThat(startupFailure(context)).contains("MethodWithoutResourceController.create").contains("needs resource"));
  }

  @Test
  void theInventoryClassifiesEveryEndpoint() {
    docs.withUserConfiguration(GuardedController.class, UnguardedController.class).run(context -> {
      assertThat(context).hasNotFailed();
      EndpointInventory inventory = context.getBean(BulwarkAuthzConfiguration.InventoryHolder.class).inventory();
      Map<String, Endpoint> byHandler = new java.util.HashMap<>();
      inventory.endpoints().forEach(e -> byHandler.put(e.handler(), e));
      assertThat(byHandler.get("GuardedController.read"))
          .isEqualTo(new Endpoint(Set.of("GET"), Set.of("/docs/{id}"), "GuardedController.read", Protection.POLICY, "Doc READ({id})"));
      assertThat(byHandler.get("GuardedController.list").protection()).isEqualTo(Protection.POLICY);
      assertThat(byHandler.get("GuardedController.list").detail()).isEqualTo("Doc LIST (scope)");
      assertThat(byHandler.get("GuardedController.create").detail()).isEqualTo("Doc CREATE");
      assertThat(byHandler.get("GuardedController.hello"))
          .extracting(Endpoint::protection, Endpoint::detail)
          .containsExactly(Protection.PUBLIC, "the greeting is for everybody");
      assertThat(byHandler.get("GuardedController.stats"))
          .extracting(Endpoint::protection, Endpoint::detail)
          .containsExactly(Protection.SECURITY_RULE, "@PreAuthorize(hasRole('ADMIN'))");
      assertThat(byHandler.get("UnguardedController.raw").protection()).isEqualTo(Protection.UNGUARDED);
      assertThat(byHandler.get("BasicErrorController.error").protection()).isEqualTo(Protection.FRAMEWORK);
      assertThat(inventory.unguarded()).extracting(Endpoint::handler).containsExactly("UnguardedController.raw");
    });
  }

  @Test
  void aSecurityRuleWithoutMethodSecurityIsNoGuard(CapturedOutput output) {
    docsWithoutMethodSecurity.withUserConfiguration(GuardedController.class).run(context -> {
      assertThat(context).hasNotFailed();
      EndpointInventory inventory = context.getBean(BulwarkAuthzConfiguration.InventoryHolder.class).inventory();
      assertThat(inventory.unguarded())
          .singleElement()
          .extracting(Endpoint::handler, Endpoint::detail)
          .containsExactly(
              "GuardedController.stats",
              "not enforced: @PreAuthorize(hasRole('ADMIN')) present but method security is not enabled (@EnableMethodSecurity)");
      assertThat(output.getOut() + output.getErr())
          .contains("GuardedController.stats counts as unguarded: @PreAuthorize(hasRole('ADMIN')) present but method security is not enabled");
    });
    docsWithoutMethodSecurity.withUserConfiguration(GuardedController.class).withPropertyValues("bulwark.authz.unguarded=fail").run(context ->
        assertThat(startupFailure(context)).contains("GET /admin/stats").contains("GuardedController.stats").contains("method security is not enabled"));
  }

  @Test
  void failModeStopsStartUpListingTheUnguardedEndpoints() {
    docs.withUserConfiguration(GuardedController.class, UnguardedController.class)
        .withPropertyValues("bulwark.authz.unguarded=fail")
        .run(context -> {
          String failure = startupFailure(context);
          assertThat(failure)
              .contains("bulwark.authz.unguarded=fail")
              .contains("1 endpoint(s) have no object-level guard")
              .contains("GET /docs/{id}/raw")
              .contains("UnguardedController.raw");
          assertThat(failure).as("only the unguarded endpoints are listed").doesNotContain("GuardedController.read");
        });
  }

  @Test
  void failModeStartsWhenEveryEndpointIsGuarded() {
    docs.withUserConfiguration(GuardedController.class).withPropertyValues("bulwark.authz.unguarded=fail").run(context ->
        assertThat(context).hasNotFailed());
  }

  @Test
  void warnModeStartsAndLogsTheTable(CapturedOutput output) {
    docs.withUserConfiguration(GuardedController.class, UnguardedController.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(output.getOut() + output.getErr())
          .contains("Bulwark endpoint inventory: 1 endpoint(s) have no object-level guard")
          .contains("GET /docs/{id}/raw")
          .contains("unguarded")
          .contains("GuardedController.read");
    });
  }

  @Test
  void authorisationStaysWhenBulwarkIsSwitchedOff() {
    // Guards are the application's logic: without them guarded endpoints would fail or open up.
    docs.withUserConfiguration(UnknownActionController.class).withPropertyValues("bulwark.enabled=false").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).hasStackTraceContaining("UnknownActionController");
    });
    docs.withPropertyValues("bulwark.enabled=false").run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(Guard.class).hasSingleBean(GuardInterceptor.class);
    });
  }

  @Test
  void theSubjectComesFromSpringSecurityWithoutRolePrefixes() {
    docs.run(context -> {
      SubjectResolver subjects = context.getBean(SubjectResolver.class);
      assertThat(subjects).isInstanceOf(SpringSecuritySubjects.class);
      assertThat(subjects.currentSubject()).as("no authentication at all").isEqualTo(Subject.anonymous());

      SecurityContextHolder.getContext().setAuthentication(
          UsernamePasswordAuthenticationToken.authenticated("alice", null, AuthorityUtils.createAuthorityList("ROLE_ADMIN", "ROLE_USER", "SCOPE_notes.read")));
      Subject alice = subjects.currentSubject();
      assertThat(alice.id()).isEqualTo("alice");
      assertThat(alice.roles()).as("roles lose their prefix; other authorities are not roles").containsExactlyInAnyOrder("ADMIN", "USER");
      assertThat(context.getBean(Guard.class).currentSubject()).as("the guard's own source").isEqualTo(alice);

      SecurityContextHolder.getContext().setAuthentication(
          new AnonymousAuthenticationToken("key", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));
      assertThat(subjects.currentSubject()).isEqualTo(Subject.anonymous());

      SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.unauthenticated("mallory", "guess"));
      assertThat(subjects.currentSubject()).as("credentials not yet checked").isEqualTo(Subject.anonymous());
    });
  }

  @Test
  void withoutSpringSecurityTheSubjectIsTheServletPrincipal() {
    docsWithoutMethodSecurity.withClassLoader(new FilteredClassLoader("org.springframework.security"))
        .withPropertyValues("bulwark.authz.roles=USER,ADMIN,AUDITOR")
        .run(context -> {
          SubjectResolver subjects = context.getBean(SubjectResolver.class);
          assertThat(subjects).isInstanceOf(ServletPrincipalSubjects.class);
          assertThat(subjects.currentSubject()).as("outside a request").isEqualTo(Subject.anonymous());

          MockHttpServletRequest request = new MockHttpServletRequest();
          RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
          assertThat(subjects.currentSubject()).as("nobody signed in").isEqualTo(Subject.anonymous());

          request.setUserPrincipal(() -> "carol");
          request.addUserRole("AUDITOR");
          request.addUserRole("OPERATOR");
          Subject carol = subjects.currentSubject();
          assertThat(carol.id()).isEqualTo("carol");
          assertThat(carol.roles()).as("only the configured roles are asked about").containsExactly("AUDITOR");
        });
  }

  @Test
  void anApplicationSubjectResolverWins() {
    SubjectResolver tenantAware = () -> new Subject("alice", Set.of("USER"), "tenant-1", Map.of());
    docs.withBean(SubjectResolver.class, () -> tenantAware).run(context -> {
      assertThat(context).getBean(SubjectResolver.class).isSameAs(tenantAware);
      assertThat(context.getBean(Guard.class).currentSubject().tenant()).isEqualTo("tenant-1");
    });
  }

  @Test
  void theGuardIsUsableFromServices() {
    docs.run(context -> {
      Guard guard = context.getBean(Guard.class);
      DocStore store = context.getBean(DocStore.class);
      SecurityContextHolder.getContext().setAuthentication(
          UsernamePasswordAuthenticationToken.authenticated("bob", null, AuthorityUtils.createAuthorityList("ROLE_USER")));
      Doc bobs = store.find("42").orElseThrow();
      Doc alices = store.find("41").orElseThrow();
      assertThat(guard.check(dev.bulwark.servlet.TestDocs.DocAction.READ, bobs)).isSameAs(bobs);
      assertThat(guard.allowed(guard.currentSubject(), dev.bulwark.servlet.TestDocs.DocAction.READ, alices)).isFalse();
      assertThat(guard.filter(guard.currentSubject(), dev.bulwark.servlet.TestDocs.DocAction.READ, List.of(alices, bobs))).containsExactly(bobs);
    });
  }
}
