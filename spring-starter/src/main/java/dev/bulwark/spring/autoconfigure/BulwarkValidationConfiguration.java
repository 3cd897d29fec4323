package dev.bulwark.spring.autoconfigure;

import org.hibernate.validator.BaseHibernateValidatorConfiguration;
import org.hibernate.validator.messageinterpolation.ExpressionLanguageFeatureLevel;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Hardens Hibernate Validator: no Expression Language in any message, neither in constraint
 * messages nor in custom violations, so user input that reaches a message (a rejected value, a
 * template built by application code) is never evaluated ({@code ${1+1}} stays text).
 */
@AutoConfiguration
@ConditionalOnClass(
    name = {
      "org.hibernate.validator.BaseHibernateValidatorConfiguration",
      "org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer"
    })
public final class BulwarkValidationConfiguration {

  /** Turns Expression Language off for every message Hibernate Validator interpolates. */
  @Bean
  public ValidationConfigurationCustomizer bulwarkNoExpressionLanguage() {
    return configuration -> {
      if (configuration instanceof BaseHibernateValidatorConfiguration<?> hibernate) {
        hibernate.constraintExpressionLanguageFeatureLevel(ExpressionLanguageFeatureLevel.NONE);
        hibernate.customViolationExpressionLanguageFeatureLevel(ExpressionLanguageFeatureLevel.NONE);
      }
    };
  }
}
