package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validator;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

/** Hibernate Validator evaluates no Expression Language once the starter is present. */
class ValidationHardeningTest {

  record Input(@Size(max = 1, message = "got ${validatedValue}, ${1+1}") String text) {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class, BulwarkValidationConfiguration.class));

  @Test
  void messagesStayTextEvenWhenTheyAskForExpressions() {
    runner.run(context -> {
      Validator validator = context.getBean(Validator.class);
      String message = validator.validate(new Input("${1+1}")).iterator().next().getMessage();
      assertThat(message).isEqualTo("got ${validatedValue}, ${1+1}").doesNotContain("2,").doesNotContain("got ${1+1}");
    });
  }

  @Test
  void withoutTheStarterTheSameMessageWouldBeEvaluated() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
        .run(context -> {
          Validator validator = context.getBean(Validator.class);
          String message = validator.validate(new Input("${1+1}")).iterator().next().getMessage();
          assertThat(message).as("the control: Hibernate Validator's default evaluates the template").isNotEqualTo("got ${validatedValue}, ${1+1}");
        });
  }
}
