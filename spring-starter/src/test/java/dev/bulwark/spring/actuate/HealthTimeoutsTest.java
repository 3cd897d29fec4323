package dev.bulwark.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.spring.autoconfigure.BulwarkActuatorConfiguration;
import dev.bulwark.spring.autoconfigure.BulwarkAutoConfiguration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.application.AvailabilityStateHealthIndicator;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every Actuator health indicator answers within bulwark.health.timeout, whatever it does. */
class HealthTimeoutsTest {

  /** The bound a probe must keep: the timeout plus a generous margin for a slow, shared CI machine. */
  private static final long BOUND_MILLIS = 500 + 2_000;

  private static final CountDownLatch RELEASE = new CountDownLatch(1); // never released
  private static final AtomicInteger SLOW_RUNS = new AtomicInteger();

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  BulwarkAutoConfiguration.class,
                  BulwarkActuatorConfiguration.class,
                  ApplicationAvailabilityAutoConfiguration.class,
                  AvailabilityHealthContributorAutoConfiguration.class,
                  AvailabilityProbesAutoConfiguration.class,
                  HealthContributorRegistryAutoConfiguration.class,
                  HealthEndpointAutoConfiguration.class))
          .withUserConfiguration(Indicators.class)
          .withPropertyValues("bulwark.health.timeout=500ms", "management.endpoint.health.probes.enabled=true");

  private static HealthIndicator indicator(AssertableWebApplicationContext context, String name) {
    return (HealthIndicator) context.getBean(HealthContributorRegistry.class).getContributor(name);
  }

  private static long millisOf(Runnable action) {
    long start = System.nanoTime();
    action.run();
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  @Test
  void aSlowIndicatorIsDownWithinTheTimeoutAndAFastOneUp() {
    runner.run(context -> {
      Health[] slow = new Health[1];
      long millis = millisOf(() -> slow[0] = indicator(context, "slow").health());
      assertThat(slow[0].getStatus()).isEqualTo(Status.DOWN);
      assertThat(slow[0].getDetails()).isEqualTo(Map.of("error", "timed out after 500 ms"));
      assertThat(millis).as("answers in about the timeout, not the 60 s the check takes").isBetween(400L, BOUND_MILLIS);

      assertThat(indicator(context, "fast").health()).isEqualTo(Health.up().withDetail("answer", 42).build());
    });
  }

  @Test
  void aHungIndicatorIsNotStartedAgainAndLaterProbesAnswerAtOnce() {
    runner.run(context -> {
      int before = SLOW_RUNS.get();
      HealthIndicator slow = indicator(context, "slow");
      slow.health();
      for (int i = 0; i < 10; i++) {
        long millis = millisOf(() -> assertThat(slow.health().getStatus()).isEqualTo(Status.DOWN));
        assertThat(millis).as("the run in flight is overdue: nothing to wait for").isLessThan(400L);
      }
      assertThat(SLOW_RUNS.get() - before).as("one run for eleven probes").isEqualTo(1);
    });
  }

  @Test
  void anExceptionIsDownWithItsTypeButNeverItsMessage() {
    runner.run(context -> {
      Health health = indicator(context, "throwing").health();
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails()).isEqualTo(Map.of("error", "java.lang.IllegalStateException"));
      assertThat(health.toString()).doesNotContain("hunter2");
    });
  }

  @Test
  void theWholeEndpointAnswersWithinTheBoundAndReportsDown() {
    runner.run(context -> {
      org.springframework.boot.health.actuate.endpoint.HealthEndpoint endpoint =
          context.getBean(org.springframework.boot.health.actuate.endpoint.HealthEndpoint.class);
      Status[] status = new Status[1];
      long millis = millisOf(() -> status[0] = endpoint.health().getStatus());
      assertThat(status[0]).isEqualTo(Status.DOWN);
      assertThat(millis).isLessThan(BOUND_MILLIS);
    });
  }

  @Test
  void beansKeepTheirTypeAndOnlyTheRegistrySeesTheTimeout() {
    runner.run(context -> {
      assertThat(context.getBean("slowHealthIndicator")).isInstanceOf(SlowIndicator.class);
      assertThat(indicator(context, "slow")).isInstanceOf(TimeLimitedHealthIndicator.class);
      assertThat(((TimeLimitedHealthIndicator) indicator(context, "slow")).delegate()).isSameAs(context.getBean(SlowIndicator.class));
    });
  }

  @Test
  void availabilityStateStaysOffThePoolSoLivenessNeverWaitsForAThread() {
    runner.run(context -> {
      HealthContributorRegistry registry = context.getBean(HealthContributorRegistry.class);
      assertThat(registry.getContributor("livenessState")).isInstanceOf(AvailabilityStateHealthIndicator.class);
      assertThat(registry.getContributor("readinessState")).isInstanceOf(AvailabilityStateHealthIndicator.class);
    });
  }

  @Test
  void compositesHaveEachMemberTimed() {
    runner.run(context -> {
      HealthContributor composite = context.getBean(HealthContributorRegistry.class).getContributor("pair");
      assertThat(composite).isInstanceOf(CompositeHealthContributor.class);
      HealthContributor member = ((CompositeHealthContributor) composite).getContributor("slow");
      assertThat(member).isInstanceOf(TimeLimitedHealthIndicator.class);
      long millis = millisOf(() -> assertThat(((HealthIndicator) member).health().getStatus()).isEqualTo(Status.DOWN));
      assertThat(millis).isLessThan(BOUND_MILLIS);
    });
  }

  @Test
  void offWhenHealthOrBulwarkIsOff() {
    runner.withPropertyValues("bulwark.health.enabled=false")
        .run(context -> assertThat(indicator(context, "slow")).isInstanceOf(SlowIndicator.class));
    runner.withPropertyValues("bulwark.enabled=false")
        .run(context -> assertThat(indicator(context, "slow")).isInstanceOf(SlowIndicator.class));
  }

  @Test
  void theRateLimitStoreIndicatorHasTheStoreTimeout() {
    runner.withPropertyValues("bulwark.health.store-timeout=250ms").run(context -> {
      HealthIndicator rateLimit = indicator(context, "bulwarkRateLimit");
      assertThat(rateLimit.toString()).contains("250 ms");
      // The first call may miss 250 ms on a cold, busy JVM (class loading) and answer DOWN "timed
      // out"; the check goes on in the background and the next calls have its answer.
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(10))
          .until(() -> rateLimit.health().getStatus().equals(Status.UNKNOWN));
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class Indicators {
    @Bean
    SlowIndicator slowHealthIndicator() {
      return new SlowIndicator();
    }

    @Bean
    HealthIndicator fastHealthIndicator() {
      return () -> Health.up().withDetail("answer", 42).build();
    }

    @Bean
    HealthIndicator throwingHealthIndicator() {
      return () -> {
        throw new IllegalStateException("password=hunter2 at db.internal:5432");
      };
    }

    @Bean
    HealthContributor pairHealthContributor() {
      return CompositeHealthContributor.fromMap(
          Map.of("slow", new SlowIndicator(), "fast", (HealthIndicator) () -> Health.up().build()));
    }
  }

  /** Takes a minute: a dependency that hangs (until its context closes the pool, which interrupts it). */
  static final class SlowIndicator implements HealthIndicator {
    @Override
    public Health health() {
      SLOW_RUNS.incrementAndGet();
      try {
        RELEASE.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Health.up().build();
    }
  }
}
