package dev.bulwark.spring.autoconfigure;

import dev.bulwark.spring.thymeleaf.BulwarkDialect;
import dev.bulwark.spring.thymeleaf.TemplateNonceDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Adds {@code #bulwark} encoding helpers to Thymeleaf when it is on the class path, and with {@code
 * bulwark.headers.csp.template-nonces=true} the dialect that gives the templates' own inline scripts
 * and styles the response's nonce.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.thymeleaf.dialect.IExpressionObjectDialect")
public final class BulwarkThymeleafConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(BulwarkThymeleafConfiguration.class);

  /** The dialect; Spring Boot's Thymeleaf auto-configuration registers every dialect bean. */
  @Bean
  @ConditionalOnMissingBean
  public BulwarkDialect bulwarkDialect() {
    return new BulwarkDialect();
  }

  /** Template nonces, opt-in: every inline script and style a template contains runs. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "bulwark.headers.csp.template-nonces")
  public TemplateNonceDialect bulwarkTemplateNonceDialect() {
    LOG.warn(
        "bulwark.headers.csp.template-nonces=true: every inline <script> and <style> written in the Thymeleaf"
            + " templates gets the response's CSP nonce, so the policy no longer tells the templates' inline code"
            + " apart. Markup from model variables (th:utext, [(...)]) never gets it; prefer th:nonce=\"${cspNonce}\""
            + " on the elements that need it and turn this off.");
    return new TemplateNonceDialect();
  }
}
