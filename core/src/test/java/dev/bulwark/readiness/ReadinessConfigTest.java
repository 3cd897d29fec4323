package dev.bulwark.readiness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.core.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadinessConfigTest {

  private static ReadinessConfig bind(Map<String, String> values) {
    return BulwarkConfigLoader.load(ConfigSource.fromMap(values, "test")).readiness();
  }

  private static Finding finding(KnownFinding known) {
    return known.finding("found");
  }

  @Test
  void defaultsFailOnNothing() {
    ReadinessConfig config = ReadinessConfig.defaults();
    assertThat(config.enabled()).isTrue();
    assertThat(config.path()).isEqualTo("/readiness");
    assertThat(config.trustedAddresses()).containsExactly("127.0.0.0/8", "::1");
    for (KnownFinding known : KnownFinding.values()) {
      assertThat(config.failsOn(finding(known))).isFalse();
    }
  }

  @Test
  void aSeverityFailsOnItAndWorse() {
    ReadinessConfig high = bind(Map.of("bulwark.readiness.fail-on", "HIGH"));
    assertThat(high.failOn()).containsExactly("high");
    assertThat(high.failsOn(finding(KnownFinding.LITERAL_SECRET))).isTrue();
    assertThat(high.failsOn(finding(KnownFinding.DEBUG_LOGGING))).isFalse();
    ReadinessConfig medium = bind(Map.of("bulwark.readiness.fail-on", "medium"));
    assertThat(medium.failsOn(finding(KnownFinding.LITERAL_SECRET))).isTrue();
    assertThat(medium.failsOn(finding(KnownFinding.DEBUG_LOGGING))).isTrue();
    assertThat(medium.failsOn(finding(KnownFinding.REQUEST_IDS_DISABLED))).isFalse();
    assertThat(bind(Map.of("bulwark.readiness.fail-on", "low")).failsOn(finding(KnownFinding.REQUEST_IDS_DISABLED))).isTrue();
  }

  @Test
  void idsAndSeveritiesCombine() {
    ReadinessConfig config = bind(Map.of("bulwark.readiness.fail-on", "high, debug-logging"));
    assertThat(config.failsOn(finding(KnownFinding.DEBUG_LOGGING))).isTrue();
    assertThat(config.failsOn(finding(KnownFinding.ACTUATOR_EXPOSED_UNAUTHENTICATED))).isTrue();
    assertThat(config.failsOn(finding(KnownFinding.CSP_DISABLED))).isFalse();
  }

  @Test
  void anAcknowledgedFindingNeverFails() {
    ReadinessConfig config =
        bind(Map.of("bulwark.readiness.fail-on", "low", "bulwark.readiness.acknowledge[0]", "literal-secret"));
    assertThat(config.failsOn(finding(KnownFinding.LITERAL_SECRET))).isFalse();
    assertThat(config.acknowledges(finding(KnownFinding.LITERAL_SECRET))).isTrue();
    assertThat(config.failsOn(finding(KnownFinding.DATABASE_CONSOLE_ENABLED))).isTrue();
  }

  @Test
  void noneAndEmptyFailOnNothing() {
    assertThat(bind(Map.of("bulwark.readiness.fail-on", "none")).failOn()).isEmpty();
    assertThat(bind(Map.of("bulwark.readiness.fail-on", "")).failOn()).isEmpty();
  }

  @Test
  void typosStopStartUpNamingTheProperty() {
    assertThatThrownBy(() -> bind(Map.of("bulwark.readiness.fail-on", "hihg")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bulwark.readiness")
        .hasMessageContaining("'hihg'")
        .hasMessageContaining("literal-secret");
    assertThatThrownBy(() -> bind(Map.of("bulwark.readiness.acknowledge", "high")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("acknowledge 'high'");
    assertThatThrownBy(() -> bind(Map.of("bulwark.readiness.fail-on", "none,high")))
        .hasMessageContaining("'none' cannot be combined");
    assertThatThrownBy(
            () -> bind(Map.of("bulwark.readiness.fail-on", "debug-logging", "bulwark.readiness.acknowledge", "debug-logging")))
        .hasMessageContaining("both in fail-on and acknowledge");
    assertThatThrownBy(() -> bind(Map.of("bulwark.readiness.instances", "0"))).hasMessageContaining("instances");
    assertThatThrownBy(() -> bind(Map.of("bulwark.readiness.path", "readiness"))).hasMessageContaining("path");
    assertThatThrownBy(() -> bind(Map.of("bulwark.readiness.trusted-addresses", "10.0.0.0/33"))).isInstanceOf(ConfigException.class);
  }

  @Test
  void bindsEverySetting() {
    ReadinessConfig config =
        bind(
            Map.of(
                "bulwark.readiness.enabled", "false",
                "bulwark.readiness.instances", "4",
                "bulwark.readiness.path", "/ops/readiness",
                "bulwark.readiness.trusted-addresses", "10.0.0.0/8"));
    assertThat(config)
        .isEqualTo(new ReadinessConfig(false, List.of(), List.of(), 4, "/ops/readiness", List.of("10.0.0.0/8")));
  }
}
