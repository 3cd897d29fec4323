package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validator;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;

/**
 * Hibernate Validator evaluates no Expression Language once the starter is present, says so at
 * start-up, and gives way to the application's switch or its own bean.
 */
@ExtendWith(OutputCaptureExtension.class)
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
  void theChangeIsStatedAtStartUp(CapturedOutput output) {
    runner.run(context -> assertThat(context).hasNotFailed());
    assertThat(output.getOut())
        .containsPattern("INFO .*Bulwark turns Expression Language off in every Hibernate Validator message")
        .contains("bulwark.defaults.validation-expression-language-off=false");
  }

  @Test
  void switchedOffMessagesAreTheApplicationsAgain(CapturedOutput output) {
    runner
        .withPropertyValues("bulwark.defaults.validation-expression-language-off=false")
        .run(context -> {
          assertThat(context).doesNotHaveBean("bulwarkNoExpressionLanguage");
          assertThat(message(context)).isNotEqualTo("got ${validatedValue}, ${1+1}");
        });
    assertThat(output.getOut()).doesNotContain("Bulwark turns Expression Language off");
  }

  @Test
  void theApplicationsOwnBeanReplacesIt() {
    runner
        .withBean("bulwarkNoExpressionLanguage", ValidationConfigurationCustomizer.class, () -> configuration -> {})
        .run(context -> {
          assertThat(context).getBeans(ValidationConfigurationCustomizer.class).hasSize(1);
          assertThat(message(context)).as("the application's customizer leaves Expression Language on").isNotEqualTo("got ${validatedValue}, ${1+1}");
        });
  }

  private static String message(org.springframework.context.ApplicationContext context) {
    return context.getBean(Validator.class).validate(new Input("${1+1}")).iterator().next().getMessage();
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
