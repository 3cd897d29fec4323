package dev.bulwark.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretSettingsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "spring.datasource.password",
        "server.ssl.key-store-password",
        "spring.security.oauth2.client.registration.github.client-secret",
        "app.jwt.secret",
        "app.api-key",
        "app.apiKey",
        "app.github.token",
        "app.signing.key",
        "cloud.aws.credentials",
        "app.clients[0].password",
        "APP_DB_PASSWORD"
      })
  void namesThatHoldSecrets(String name) {
    assertThat(SecretSettings.isSecretName(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bulwark.rate-limit.redis.key-prefix",
        "spring.security.oauth2.client.provider.github.token-uri",
        "app.jwt.public-key",
        "server.ssl.key-alias",
        "server.ssl.key-store",
        "bulwark.rate-limit.max-keys",
        "spring.application.name",
        "management.endpoints.web.exposure.include"
      })
  void namesThatDoNot(String name) {
    assertThat(SecretSettings.isSecretName(name)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "redis://:s3cret@cache:6379",
        "redis://default:s3cret@cache:6379/0",
        "jdbc:postgresql://notes:s3cret@db/notes",
        "jdbc:postgresql://db/notes?user=notes&password=s3cret",
        "amqp://guest:guest@rabbit"
      })
  void urisWithAPassword(String value) {
    assertThat(SecretSettings.hasEmbeddedPassword(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"redis://localhost:6379", "redis://cache:6379/0", "https://user@example.com/", "jdbc:h2:mem:notes", ""})
  void urisWithout(String value) {
    assertThat(SecretSettings.hasEmbeddedPassword(value)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3cret", "${DB_PASSWORD:changeit}", "prefix ${X:dev}"})
  void literals(String value) {
    assertThat(SecretSettings.isLiteral(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"${DB_PASSWORD}", "${DB_PASSWORD:}", "", "  "})
  void references(String value) {
    assertThat(SecretSettings.isLiteral(value)).isFalse();
  }
}
