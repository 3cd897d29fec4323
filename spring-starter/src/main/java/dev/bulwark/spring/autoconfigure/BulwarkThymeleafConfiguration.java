package dev.bulwark.spring.autoconfigure;

import dev.bulwark.spring.thymeleaf.BulwarkDialect;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Adds {@code #bulwark} encoding helpers to Thymeleaf when it is on the class path. */
@AutoConfiguration
@ConditionalOnClass(name = "org.thymeleaf.dialect.IExpressionObjectDialect")
public final class BulwarkThymeleafConfiguration {

  /** The dialect; Spring Boot's Thymeleaf auto-configuration registers every dialect bean. */
  @Bean
  @ConditionalOnMissingBean
  public BulwarkDialect bulwarkDialect() {
    return new BulwarkDialect();
  }
}
