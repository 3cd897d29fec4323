package dev.bulwark.spring.thymeleaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.spring.autoconfigure.BulwarkThymeleafConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Template nonces are off unless {@code bulwark.headers.csp.template-nonces=true}. */
class TemplateNonceConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BulwarkThymeleafConfiguration.class));

  @Test
  void offByDefault() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(BulwarkDialect.class);
      assertThat(context).doesNotHaveBean(TemplateNonceDialect.class);
    });
    runner.withPropertyValues("bulwark.headers.csp.template-nonces=false")
        .run(context -> assertThat(context).doesNotHaveBean(TemplateNonceDialect.class));
  }

  @Test
  void onWhenAskedFor() {
    runner.withPropertyValues("bulwark.headers.csp.template-nonces=true")
        .run(context -> assertThat(context).hasSingleBean(TemplateNonceDialect.class));
  }
}
