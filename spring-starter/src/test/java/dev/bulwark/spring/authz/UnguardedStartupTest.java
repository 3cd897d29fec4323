package dev.bulwark.spring.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.authz.EndpointInventory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The real application of {@link GuardedEndpointsHttpTest}, started as a server, with one more
 * endpoint that nobody guarded.
 */
class UnguardedStartupTest {

  /** Deletes any document by id: no @Guarded, no security rule, not @Public. */
  @RestController
  static class ForgottenController {
    @DeleteMapping("/docs/{id}")
    String delete(@PathVariable String id) {
      return "deleted " + id;
    }
  }

  private static SpringApplicationBuilder app(String unguarded) {
    return new SpringApplicationBuilder(GuardedEndpointsHttpTest.App.class, ForgottenController.class)
        .properties("server.port=0", "bulwark.authz.unguarded=" + unguarded);
  }

  @Test
  void failModeRefusesToStartNamingTheEndpoint() {
    assertThatThrownBy(() -> app("fail").run().close())
        .isInstanceOf(org.springframework.beans.factory.BeanInitializationException.class)
        .hasMessageContaining("bulwark.authz.unguarded=fail")
        .hasMessageContaining("DELETE /docs/{id}")
        .hasMessageContaining("ForgottenController.delete")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("DocsController"));
  }

  @Test
  void warnModeStarts() {
    try (ConfigurableApplicationContext context = app("warn").run()) {
      EndpointInventory inventory = context.getBean(dev.bulwark.spring.autoconfigure.BulwarkAuthzConfiguration.InventoryHolder.class).inventory();
      assertThat(inventory.unguarded()).extracting(EndpointInventory.Endpoint::handler).containsExactly("ForgottenController.delete");
    }
  }

  /**
   * Issue #14: spring-petclinic's controllers live in org.springframework.samples.petclinic, and
   * the inventory called them framework endpoints, so unguarded=fail passed. Framework is judged
   * by the handler's class, not its package.
   */
  @Test
  void anApplicationControllerInAnOrgSpringframeworkPackageIsTheApplications() {
    java.util.function.Function<String, SpringApplicationBuilder> app =
        unguarded ->
            new SpringApplicationBuilder(GuardedEndpointsHttpTest.App.class, org.springframework.samples.fake.OwnerController.class)
                .properties("server.port=0", "bulwark.authz.unguarded=" + unguarded);
    try (ConfigurableApplicationContext context = app.apply("warn").run()) {
      EndpointInventory inventory = context.getBean(dev.bulwark.spring.autoconfigure.BulwarkAuthzConfiguration.InventoryHolder.class).inventory();
      assertThat(inventory.unguarded()).extracting(EndpointInventory.Endpoint::handler).containsExactly("OwnerController.show");
      assertThat(inventory.endpoints())
          .as("Spring Boot's own error controller is still the framework's")
          .filteredOn(endpoint -> endpoint.patterns().contains("/error"))
          .isNotEmpty()
          .allMatch(endpoint -> endpoint.protection() == EndpointInventory.Protection.FRAMEWORK);
    }
    assertThatThrownBy(() -> app.apply("fail").run().close())
        .hasMessageContaining("GET /owners/{id}")
        .hasMessageContaining("OwnerController.show");
  }

  /**
   * A path rule of bulwark.authz.rules guards the handlers whose every path it covers, as on the
   * servlet side: the forgotten endpoint under an authenticated rule starts in fail mode and is
   * listed as guarded by the rule; a rule for some methods only covers nothing whole.
   */
  @Test
  void aPathRuleThatCoversEveryPathGuardsTheEndpoint() {
    SpringApplicationBuilder covered =
        app("fail").properties("bulwark.authz.rules[0].patterns=/docs/**", "bulwark.authz.rules[0].access=authenticated");
    try (ConfigurableApplicationContext context = covered.run()) {
      EndpointInventory inventory = context.getBean(dev.bulwark.spring.autoconfigure.BulwarkAuthzConfiguration.InventoryHolder.class).inventory();
      assertThat(inventory.unguarded()).isEmpty();
      assertThat(inventory.endpoints())
          .filteredOn(endpoint -> endpoint.handler().equals("ForgottenController.delete"))
          .singleElement()
          .satisfies(endpoint -> {
            assertThat(endpoint.protection()).isEqualTo(EndpointInventory.Protection.ACCESS_RULE);
            assertThat(endpoint.detail()).contains("bulwark.authz.rules[0]");
          });
    }
    SpringApplicationBuilder partly =
        app("fail")
            .properties(
                "bulwark.authz.rules[0].patterns=/docs/**",
                "bulwark.authz.rules[0].methods=GET",
                "bulwark.authz.rules[0].access=authenticated");
    assertThatThrownBy(() -> partly.run().close()).hasMessageContaining("ForgottenController.delete");
  }
}
