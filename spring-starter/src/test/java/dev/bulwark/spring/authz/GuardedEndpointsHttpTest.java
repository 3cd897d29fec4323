package dev.bulwark.spring.authz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.authz.Scope;
import dev.bulwark.authz.Subject;
import dev.bulwark.servlet.Http;
import dev.bulwark.servlet.TestDocs.Doc;
import dev.bulwark.servlet.TestDocs.DocPolicy;
import dev.bulwark.servlet.TestDocs.DocStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code @Guarded} controllers in a real Spring Boot server with Spring Security and Basic
 * authentication, started with {@code bulwark.authz.unguarded=fail}: authorisation runs before the
 * body is read or validated, the subject is Spring Security's, refusals are metered, and the
 * Actuator endpoint shows the inventory.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = GuardedEndpointsHttpTest.App.class,
    properties = {
      "bulwark.authz.unguarded=fail",
      "management.endpoints.web.exposure.include=bulwarkauthz",
      "bulwark.authz.rules[0].patterns=/docs/**",
      "bulwark.authz.rules[0].methods=DELETE",
      "bulwark.authz.rules[0].access=deny",
      "bulwark.authz.rules[1].patterns=/me",
      "bulwark.authz.rules[1].methods=POST",
      "bulwark.authz.rules[1].roles=ADMIN"
    })
class GuardedEndpointsHttpTest {

  @LocalServerPort int port;

  @Autowired MeterRegistry meters;

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user + "-pw").getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> get(String path, String user) throws Exception {
    return user == null ? Http.get(uri(path)) : Http.get(uri(path), "Authorization", basic(user));
  }

  private HttpResponse<String> put(String path, String user, String body) throws Exception {
    return Http.send("PUT", uri(path), body, "Authorization", basic(user), "Content-Type", "application/json");
  }

  private static String withoutRequestId(String body) {
    return body.replaceAll("\"requestId\":\"[^\"]*\"", "\"requestId\":\"-\"");
  }

  static final String VALID = "{\"text\":\"short\"}";
  static final String BLANK = "{\"text\":\"\"}";
  static final String TOO_LONG = "{\"text\":\"" + "x".repeat(50) + "\"}";
  static final String NOT_JSON = "{\"text\":";

  @Test
  void anotherUsersObjectAnswers404WhateverTheBody() throws Exception {
    HttpResponse<String> reference = put("/docs/41", "bob", VALID);
    assertThat(reference.statusCode()).isEqualTo(404);
    assertThat(Http.header(reference, "Content-Type")).startsWith("application/problem+json");
    for (String body : List.of(VALID, BLANK, TOO_LONG, NOT_JSON)) {
      for (String path : List.of("/docs/41", "/docs/999", "/docs/not-an-id")) {
        HttpResponse<String> response = put(path, "bob", body);
        assertThat(response.statusCode()).as("%s with %s", path, body).isEqualTo(404);
        assertThat(withoutRequestId(response.body())).as("%s with %s", path, body).isEqualTo(withoutRequestId(reference.body()));
      }
    }
    assertThat(withoutRequestId(reference.body())).doesNotContain("41", "alice", "Doc", "UPDATE", "secret-reason", "text");
  }

  @Test
  void pathRulesJudgeTheSpringSecuritySubject() throws Exception {
    HttpResponse<String> deleted = Http.send("DELETE", uri("/docs/41"), null, "Authorization", basic("alice"));
    assertThat(deleted.statusCode()).as("a deny rule refuses even the owner").isEqualTo(403);
    assertThat(deleted.body()).contains("urn:bulwark:problem:access-denied").doesNotContain("rule", "/docs");
    assertThat(get("/docs/41", "alice").statusCode()).as("the rule is for DELETE only").isEqualTo(200);

    HttpResponse<String> anonymous = Http.send("POST", uri("/me"), "", "Content-Type", "application/json");
    assertThat(anonymous.statusCode()).isEqualTo(403);
    assertThat(anonymous.body()).contains("urn:bulwark:problem:authentication-required");
    assertThat(Http.send("POST", uri("/me"), "", "Authorization", basic("alice"), "Content-Type", "application/json").statusCode())
        .as("alice lacks ADMIN")
        .isEqualTo(403);
    assertThat(Http.send("POST", uri("/me"), "", "Authorization", basic("admin"), "Content-Type", "application/json").statusCode())
        .as("admin's ROLE_ADMIN authority passes the rule; /me has no POST handler")
        .isEqualTo(405);
  }

  @Test
  void aDeniedCallerGets403BeforeValidation() throws Exception {
    HttpResponse<String> denied = put("/docs/41", "admin", BLANK);
    assertThat(denied.statusCode()).as("ADMIN reads but may not update: denied, not 422").isEqualTo(403);
    assertThat(denied.body()).contains("urn:bulwark:problem:access-denied").doesNotContain("secret-reason", "read-only", "pointer");
    assertThat(put("/docs/41", "admin", NOT_JSON).statusCode()).isEqualTo(403);
  }

  @Test
  void theOwnerReachesValidation() throws Exception {
    HttpResponse<String> invalid = put("/docs/41", "alice", BLANK);
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(invalid.body()).contains("/text");
    assertThat(put("/docs/41", "alice", NOT_JSON).statusCode()).isEqualTo(400);
    HttpResponse<String> valid = put("/docs/41", "alice", VALID);
    assertThat(valid.statusCode()).isEqualTo(200);
    assertThat(valid.body()).isEqualTo("{\"updated\":\"41\",\"text\":\"short\"}");
  }

  @Test
  void reading() throws Exception {
    assertThat(get("/docs/41", "alice").body()).isEqualTo("{\"text\":\"alice-private-text\"}");
    assertThat(get("/docs/42", "admin").body()).isEqualTo("{\"text\":\"bob-private-text\"}");
    HttpResponse<String> hidden = get("/docs/41", "bob");
    HttpResponse<String> missing = get("/docs/999", "bob");
    assertThat(hidden.statusCode()).isEqualTo(missing.statusCode()).isEqualTo(404);
    assertThat(withoutRequestId(hidden.body())).isEqualTo(withoutRequestId(missing.body()));
    HttpResponse<String> unknownPath = get("/no/such/path", "bob");
    assertThat(unknownPath.statusCode()).isEqualTo(404);
    assertThat(withoutRequestId(unknownPath.body())).as("nor from a path that does not exist").isEqualTo(withoutRequestId(hidden.body()));
    assertThat(get("/docs/41", null).statusCode()).as("Spring Security asks for credentials first").isEqualTo(401);
  }

  @Test
  void theScopeParameterReceivesThePolicyScope() throws Exception {
    assertThat(get("/docs", "alice").body()).isEqualTo("{\"scope\":\"" + Scope.where("owner", "alice") + "\",\"ids\":[\"41\"]}");
    assertThat(get("/docs", "bob").body()).isEqualTo("{\"scope\":\"" + Scope.where("owner", "bob") + "\",\"ids\":[\"42\"]}");
    assertThat(get("/docs", "admin").body()).isEqualTo("{\"scope\":\"all\",\"ids\":[\"41\",\"42\"]}");
  }

  @Test
  void aMethodGuardChecksTheTypeLevelAction() throws Exception {
    HttpResponse<String> created = Http.send("POST", uri("/docs"), VALID, "Authorization", basic("bob"), "Content-Type", "application/json");
    assertThat(created.statusCode()).isEqualTo(200);
    assertThat(created.body()).isEqualTo("{\"created\":\"bob\"}");
  }

  @Test
  void theSubjectIsSpringSecuritysAuthentication() throws Exception {
    assertThat(get("/me", "admin").body()).isEqualTo("{\"id\":\"admin\",\"roles\":[\"ADMIN\",\"USER\"]}");
    assertThat(get("/me", "alice").body()).isEqualTo("{\"id\":\"alice\",\"roles\":[\"USER\"]}");
    assertThat(get("/me", null).body()).as("Spring Security's anonymous token").isEqualTo("{\"id\":\"-\",\"roles\":[]}");
  }

  @Test
  void securityRulesStillApply() throws Exception {
    assertThat(get("/admin/stats", "admin").statusCode()).isEqualTo(200);
    assertThat(get("/admin/stats", "alice").statusCode()).isEqualTo(403);
  }

  private double refusals(String action, String outcome) {
    return meters.get("bulwark.authz.refusals").tags("resource", "Doc", "action", action, "outcome", outcome).functionCounter().count();
  }

  private double deniedEvents() {
    return meters.get("bulwark.security.events").tag("event", "authorization_denied").functionCounter().count();
  }

  @Test
  void refusalsAreMetered() throws Exception {
    double hiddenReads = refusals("READ", "hide");
    double deniedUpdates = refusals("UPDATE", "deny");
    double hiddenUpdates = refusals("UPDATE", "hide");
    double events = deniedEvents();

    get("/docs/41", "bob");
    get("/docs/41", "bob");
    put("/docs/41", "admin", VALID);
    put("/docs/41", "bob", BLANK);
    get("/docs/41", "alice");
    get("/docs/999", "bob");

    assertThat(refusals("READ", "hide") - hiddenReads).isEqualTo(2);
    assertThat(refusals("UPDATE", "deny") - deniedUpdates).isEqualTo(1);
    assertThat(refusals("UPDATE", "hide") - hiddenUpdates).isEqualTo(1);
    assertThat(deniedEvents() - events).as("every policy refusal; not the allowed read, not the missing object").isEqualTo(4);
    assertThat(meters.get("bulwark.authz.refusals").functionCounters())
        .allSatisfy(counter -> assertThat(counter.getId().getTags()).extracting(tag -> tag.getKey()).containsOnly("resource", "action", "outcome"));
  }

  @Test
  void theActuatorEndpointShowsTheInventory() throws Exception {
    HttpResponse<String> response = get("/actuator/bulwarkauthz", "admin");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"handler\":\"DocsController.update\"", "\"protection\":\"POLICY\"", "\"detail\":\"Doc UPDATE({id})\"")
        .contains("\"handler\":\"DocsController.me\"", "\"protection\":\"PUBLIC\"")
        .contains("\"handler\":\"DocsController.stats\"", "\"protection\":\"SECURITY_RULE\"", "@PreAuthorize(hasRole('ADMIN'))")
        .contains("\"protection\":\"FRAMEWORK\"")
        .doesNotContain("UNGUARDED");
  }

  /** A document update. */
  record DocBody(@NotBlank @Size(max = 20) String text) {}

  @RestController
  static class DocsController {
    private final DocStore store;
    private final SubjectResolver subjects;

    DocsController(DocStore store, SubjectResolver subjects) {
      this.store = store;
      this.subjects = subjects;
    }

    @GetMapping("/docs/{id}")
    Map<String, String> read(@Guarded("READ") Doc doc) {
      return Map.of("text", doc.text());
    }

    @PutMapping("/docs/{id}")
    Map<String, String> update(@Guarded("UPDATE") Doc doc, @Valid @RequestBody DocBody body) {
      Map<String, String> answer = new java.util.LinkedHashMap<>();
      answer.put("updated", doc.id());
      answer.put("text", body.text());
      return answer;
    }

    @GetMapping("/docs")
    Map<String, Object> list(@Guarded(value = "LIST", resource = Doc.class) Scope scope) {
      List<String> ids =
          Stream.of("41", "42").map(id -> store.find(id).orElseThrow())
              .filter(doc -> scope.includes(Map.of("owner", doc.owner())::get))
              .map(Doc::id)
              .toList();
      Map<String, Object> answer = new java.util.LinkedHashMap<>();
      answer.put("scope", scope.toString());
      answer.put("ids", ids);
      return answer;
    }

    @Guarded(value = "CREATE", resource = Doc.class)
    @PostMapping("/docs")
    Map<String, String> create() {
      return Map.of("created", subjects.currentSubject().id());
    }

    @Public("shows who is asking")
    @GetMapping("/me")
    Map<String, Object> me() {
      Subject subject = subjects.currentSubject();
      Map<String, Object> answer = new java.util.LinkedHashMap<>();
      answer.put("id", subject.id() == null ? "-" : subject.id());
      answer.put("roles", new TreeSet<>(subject.roles()));
      return answer;
    }

    @PreAuthorize("hasRole('ADMIN')")
    @GetMapping("/admin/stats")
    String stats() {
      return "stats";
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableMethodSecurity
  @Import(DocsController.class)
  static class App {
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.requestMatchers("/me", "/actuator/**").permitAll().anyRequest().authenticated())
          .httpBasic(Customizer.withDefaults())
          .csrf(csrf -> csrf.disable())
          .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
          .build();
    }

    @Bean
    UserDetailsService users() {
      return new InMemoryUserDetailsManager(
          User.withUsername("alice").password("{noop}alice-pw").roles("USER").build(),
          User.withUsername("bob").password("{noop}bob-pw").roles("USER").build(),
          User.withUsername("admin").password("{noop}admin-pw").roles("USER", "ADMIN").build());
    }

    @Bean
    DocPolicy docPolicy() {
      return new DocPolicy();
    }

    @Bean
    DocStore docStore() {
      return new DocStore();
    }
  }
}
