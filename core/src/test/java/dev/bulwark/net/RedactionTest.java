package dev.bulwark.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionTest {

  @Test
  void bulwarksOwnReadinessReportIsLeftAsWrittenAndHoldsNoSecret() {
    dev.bulwark.config.BulwarkConfig config =
        dev.bulwark.config.BulwarkConfigLoader.load(
            dev.bulwark.config.ConfigSource.fromMap(
                java.util.Map.of(
                    "bulwark.cors.enabled", "true",
                    "bulwark.cors.allowed-origins", "https://*.example.com, http://127.0.0.1:3000",
                    "bulwark.cors.allow-credentials", "true",
                    "bulwark.rate-limit.enabled", "true",
                    "bulwark.rate-limit.store", "redis",
                    "bulwark.rate-limit.redis.uri", "redis://default:s3cr3t-pass@cache:6379",
                    "bulwark.readiness.fail-on", "none"),
                "test"));
    String block =
        dev.bulwark.readiness.Readiness.atStartUp(dev.bulwark.readiness.ReadinessContext.of(config), java.util.List.of())
            .toLogBlock();
    assertThat(block).contains("allow-credentials=true").contains("127.0.0.1").doesNotContain("s3cr3t-pass");
    assertThat(Redaction.redact(block)).isEqualTo(block);
    // the exemption is for the exact text only: the same text with anything added is redacted
    assertThat(Redaction.redact(block + " password=hunter2")).doesNotContain("hunter2").doesNotContain("127.0.0.1");
    assertThat(Redaction.redact("cors: allow-credentials=true")).isEqualTo("cors: allow-credentials=[REDACTED]");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "203.0.113.77 | 203.0.113.0",
        "10.1.2.3 | 10.1.2.0",
        "::ffff:192.0.2.99 | 192.0.2.0",
        "2001:db8:1234:5678:9abc:def0:1:2 | 2001:db8:1234::",
        "::1 | ::",
        "not-an-address | ?",
        "'' | ?",
        "NULL | ?",
      })
  void truncatesToTheNetwork(String address, String expected) {
    assertThat(Redaction.truncateAddress(address)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Authorization: Basic YWxpY2U6YWxpY2UtbG9jYWwtb25seQ== | Authorization: [REDACTED]",
        "headers={authorization=Bearer eyJhbGciOiJIUzI1NiJ9.e30.x, accept=*/*} | headers={authorization=[REDACTED], accept=*/*}",
        "'{\"Authorization\":\"Basic YWxpY2U6c2VjcmV0\"}' | '{\"Authorization\":\"[REDACTED]\"}'",
        "sent Bearer abcdefgh12345678 upstream | sent Bearer [REDACTED] upstream",
        "WWW-Authenticate: Basic realm=notes | WWW-Authenticate: Basic realm=notes",
        "Cookie: SESSION=abc123; theme=dark then | Cookie: [REDACTED] then",
        "set-cookie=JSESSIONID=node0abc; Path=/ | set-cookie=[REDACTED]",
        "login password=hunter2 user=alice | login password=[REDACTED] user=alice",
        "'{\"password\":\"hunter2\",\"user\":\"alice\"}' | '{\"password\":\"[REDACTED]\",\"user\":\"alice\"}'",
        "db_password=s3cret&api_key=k-123 | db_password=[REDACTED]&api_key=[REDACTED]",
        "refresh_token: r.456 ok | refresh_token: [REDACTED] ok",
        "redis://default:pa55@cache:6379/0 | redis://default:[REDACTED]@cache:6379/0",
        "client 203.0.113.45 refused | client 203.0.113.0 refused",
        "from 203.0.113.45:51234. | from 203.0.113.0:51234.",
        "peer [2001:db8:1234:5678:9abc:def0:1:2]:443 | peer [2001:db8:1234::]:443",
        "from ::ffff:192.0.2.99 | from 192.0.2.0",
        "at 2026-01-02T12:30:45.123Z took 12:30 | at 2026-01-02T12:30:45.123Z took 12:30",
        "String::valueOf and 00:1a:2b:3c:4d:5e | String::valueOf and 00:1a:2b:3c:4d:5e",
        "version 1.2.3.4.5 and 999.1.1.1 | version 1.2.3.4.5 and 999.1.1.1",
        "authorization denied for alice | authorization denied for alice",
      })
  void masksSecretsAndTruncatesAddressesInText(String text, String expected) {
    assertThat(Redaction.redact(text)).isEqualTo(expected);
  }

  @Test
  void leavesNullAndEmptyTextAlone() {
    assertThat(Redaction.redact(null)).isNull();
    assertThat(Redaction.redact("")).isEmpty();
  }
}
