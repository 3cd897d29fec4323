package dev.bulwark.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.core.ConfigException;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.headers.RiskySetting;
import dev.bulwark.net.ClientIpConfig;
import dev.bulwark.servlet.BulwarkFilter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class BulwarkAutoConfigurationTest {

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class));

  @Test
  void registersTheFilterAheadOfSpringSecurity() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(BulwarkFilter.class).hasSingleBean(SecurityEvents.class);
          FilterRegistrationBean<?> registration = context.getBean("bulwarkFilterRegistration", FilterRegistrationBean.class);
          assertThat(registration.getOrder()).isLessThan(-100);
          assertThat(registration.getUrlPatterns()).containsExactly("/*");
          assertThat(registration.determineDispatcherTypes())
              .as("the container's error dispatches too")
              .containsExactlyInAnyOrder(jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ERROR);
          assertThat(context.getBean(BulwarkConfig.class)).isEqualTo(BulwarkConfig.defaults());
        });
  }

  @Test
  void bindsRelaxedNamesOntoTheCoreRecords() {
    runner
        .withPropertyValues(
            "bulwark.headers.hsts.max-age=400d",
            "bulwark.headers.frame-options=SAMEORIGIN",
            "bulwark.headers.allow-risky=unsafe-eval",
            "bulwark.headers.csp.html-policy=default-src 'self'; script-src 'self' 'unsafe-eval'",
            "bulwark.client-ip.header=forwarded",
            "bulwark.client-ip.trusted-proxies=10.0.0.0/8,192.168.0.0/16",
            "bulwark.cors.allowed-origins[0]=https://app.example.com",
            "bulwark.paths[0].patterns=/static/**",
            "bulwark.paths[0].cache-control=public, max-age=600")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              BulwarkConfig config = context.getBean(BulwarkConfig.class);
              assertThat(config.headers().hsts().maxAge()).isEqualTo(Duration.ofDays(400));
              assertThat(config.headers().hsts().includeSubDomains()).isTrue();
              assertThat(config.headers().frameOptions()).isEqualTo("SAMEORIGIN");
              assertThat(config.headers().allowRisky()).containsExactly(RiskySetting.UNSAFE_EVAL);
              assertThat(config.clientIp().header()).isEqualTo(ClientIpConfig.ForwardedHeader.FORWARDED);
              assertThat(config.clientIp().trustedProxies()).containsExactly("10.0.0.0/8", "192.168.0.0/16");
              assertThat(config.cors().allowedOrigins()).containsExactly("https://app.example.com");
              assertThat(config.paths()).hasSize(1);
              assertThat(config.paths().get(0).cacheControl()).isEqualTo("public, max-age=600");
            });
  }

  @Test
  void bindsPerPathBodyLimits() {
    runner
        .withPropertyValues(
            "bulwark.limits.max-body-bytes=1000",
            "bulwark.paths[0].patterns=/upload/**",
            "bulwark.paths[0].max-body-bytes=52428800",
            "bulwark.paths[1].patterns=/api/**",
            "bulwark.paths[1].maxBodyBytes=2048")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              BulwarkConfig config = context.getBean(BulwarkConfig.class);
              assertThat(config.limits().maxBodyBytes()).isEqualTo(1000L);
              assertThat(config.paths())
                  .extracting(dev.bulwark.path.PathOverride::maxBodyBytes)
                  .containsExactly(50L * 1024 * 1024, 2048L);
            });
  }

  @Test
  void aNegativePathBodyLimitStopsStartUp() {
    runner
        .withPropertyValues("bulwark.paths[0].patterns=/x/**", "bulwark.paths[0].max-body-bytes=-1")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("max-body-bytes must be 0 or more");
            });
  }

  @Test
  void riskyPolicyStopsStartUpNamingTheProperty() {
    runner
        .withPropertyValues("bulwark.headers.csp.html-policy=default-src *")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .isInstanceOf(ConfigException.class)
                  .hasMessageContaining("bulwark.headers.csp.html-policy")
                  .hasMessageContaining("allow-risky=wildcard");
            });
  }

  @Test
  void badEnumValueStopsStartUpListingAllowedValues() {
    runner
        .withPropertyValues("bulwark.client-ip.header=x-real-ip")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure()).hasStackTraceContaining("bulwark.client-ip.header");
            });
  }

  @Test
  void unknownKeyStopsStartUp() {
    runner
        .withPropertyValues("bulwark.heders.frame-options=DENY")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure()).hasStackTraceContaining("bulwark.heders.frame-options");
            });
  }

  @Test
  void redirectWithoutAllowListStopsStartUp() {
    runner
        .withPropertyValues("bulwark.host.https-redirect=true")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure()).hasStackTraceContaining("bulwark.host.allowed");
            });
  }

  @Test
  void backsOffForAUserFilter() {
    runner
        .withUserConfiguration(UserFilter.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(BulwarkFilter.class);
              assertThat(context.getBean(BulwarkFilter.class)).isSameAs(UserFilter.FILTER);
            });
  }

  @Test
  void staysOutOfNonWebApplications() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(BulwarkAutoConfiguration.class))
        .run(context -> assertThat(context).doesNotHaveBean(BulwarkFilter.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class UserFilter {
    static final BulwarkFilter FILTER = new BulwarkFilter(BulwarkConfig.defaults());

    @Bean
    BulwarkFilter myFilter() {
      return FILTER;
    }
  }
}
