package dev.bulwark.spring.autoconfigure;

import org.hibernate.validator.BaseHibernateValidatorConfiguration;
import org.hibernate.validator.messageinterpolation.ExpressionLanguageFeatureLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Hardens Hibernate Validator: no Expression Language in any message, neither in constraint
 * messages nor in custom violations, so user input that reaches a message (a rejected value, a
 * template built by application code) is never evaluated ({@code ${1+1}} stays text).
 *
 * <p>This changes every validation message of the application, so start-up says so. An
 * application whose messages use expressions sets {@code
 * bulwark.defaults.validation-expression-language-off=false}, or defines its own bean named {@code
 * bulwarkNoExpressionLanguage}.
 */
@AutoConfiguration
@ConditionalOnClass(
    name = {
      "org.hibernate.validator.BaseHibernateValidatorConfiguration",
      "org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer"
    })
@ConditionalOnBooleanProperty(name = "bulwark.defaults.validation-expression-language-off", matchIfMissing = true)
public final class BulwarkValidationConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(BulwarkValidationConfiguration.class);

  /** Turns Expression Language off for every message Hibernate Validator interpolates. */
  @Bean
  @ConditionalOnMissingBean(name = "bulwarkNoExpressionLanguage")
  public ValidationConfigurationCustomizer bulwarkNoExpressionLanguage() {
    LOG.info(
        "Bulwark turns Expression Language off in every Hibernate Validator message (${...} stays text);"
            + " bulwark.defaults.validation-expression-language-off=false leaves it on");
    return configuration -> {
      if (configuration instanceof BaseHibernateValidatorConfiguration<?> hibernate) {
        hibernate.constraintExpressionLanguageFeatureLevel(ExpressionLanguageFeatureLevel.NONE);
        hibernate.customViolationExpressionLanguageFeatureLevel(ExpressionLanguageFeatureLevel.NONE);
      }
    };
  }
}
