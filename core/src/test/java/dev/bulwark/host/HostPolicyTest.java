package dev.bulwark.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPolicyTest {

  static HostPolicy policy(List<String> allowed, Boolean redirect, Integer port) {
    return HostPolicy.compile(new HostConfig(allowed, redirect, port));
  }

  private final HostPolicy policy =
      policy(List.of("notes.example.com", "*.apps.example.com", "admin.example.com:8443", "*.api.example.com:9443", "[::1]"), null, null);

  @Test
  void unrestrictedPolicyAcceptsEverything() {
    HostPolicy open = HostPolicy.compile(HostConfig.defaults());
    assertThat(open.isAllowed("anything.example")).isTrue();
    assertThat(open.isAllowed("")).isTrue();
    assertThat(open.isAllowed(null)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "notes.example.com", "NOTES.example.COM", "notes.example.com:8080", "notes.example.com:443", "a.apps.example.com",
        "a.b.apps.example.com", "A.APPS.EXAMPLE.COM:80", "admin.example.com:8443", "ADMIN.example.com:8443",
        "x.api.example.com:9443", "[::1]", "[::1]:8080"
      })
  void allows(String host) {
    assertThat(policy.isAllowed(host)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "evil.example", "example.com", "notes.example.com.evil", "xnotes.example.com", "apps.example.com",
        ".apps.example.com", "evilapps.example.com", "a.apps.example.com.evil", "admin.example.com",
        "admin.example.com:8444", "x.api.example.com", "x.api.example.com:9444", ".api.example.com:9443", "[::2]",
        // hosts that are not host names but end in an allowed suffix
        "evil.com:1.apps.example.com", "evil.com/.apps.example.com", "evil.com?.apps.example.com",
        "evil.com#.apps.example.com", "evil.com\\.apps.example.com", "evil.com@x.apps.example.com",
        "evil.com:1.api.example.com:9443", "evil.com/x.api.example.com:9443"
      })
  void refuses(String host) {
    assertThat(policy.isAllowed(host)).isFalse();
  }

  @Test
  void foldsOnlyAsciiLetters() {
    // Java's case-insensitive comparisons fold the Kelvin sign to k (found by a fuzz test)
    HostPolicy kube = HostPolicy.compile(new HostConfig(List.of("kube.example", "*.k8s.example"), true, null));
    assertThat(kube.isAllowed("KUBE.example")).isTrue();
    assertThat(kube.isAllowed("\u212Aube.example")).isFalse();
    assertThat(kube.isAllowed("\u212AUBE.EXAMPLE")).isFalse();
    assertThat(kube.isAllowed("a.\u212A8s.example")).isFalse();
    assertThat(kube.redirectLocation(false, "\u212AUBE.EXAMPLE", "/")).isNull();
  }

  @Test
  void nullHostIsRefusedWhenRestricted() {
    assertThat(policy.isAllowed(null)).isFalse();
  }

  @Test
  void redirectsPlainHttpToHttps() {
    HostPolicy redirect = policy(List.of("notes.example.com", "*.example.org"), true, null);
    assertThat(redirect.redirectLocation(false, "notes.example.com", "/a/b?c=d&e"))
        .isEqualTo("https://notes.example.com/a/b?c=d&e");
    assertThat(redirect.redirectLocation(false, "Notes.Example.com:8080", "/"))
        .isEqualTo("https://notes.example.com/");
    assertThat(redirect.redirectLocation(false, "www.example.org", "/x")).isEqualTo("https://www.example.org/x");
  }

  @Test
  void redirectUsesTheConfiguredPort() {
    HostPolicy redirect = policy(List.of("notes.example.com"), true, 8443);
    assertThat(redirect.redirectLocation(false, "notes.example.com:8080", "/x"))
        .isEqualTo("https://notes.example.com:8443/x");
  }

  @Test
  void noRedirectWhenSecureOffOrHostNotAllowed() {
    HostPolicy redirect = policy(List.of("notes.example.com"), true, null);
    assertThat(redirect.redirectLocation(true, "notes.example.com", "/x")).isNull();
    assertThat(redirect.redirectLocation(false, "evil.example", "/x")).isNull();
    assertThat(redirect.redirectLocation(false, null, "/x")).isNull();
    assertThat(policy(List.of("notes.example.com"), false, null).redirectLocation(false, "notes.example.com", "/x"))
        .isNull();
  }

  @Test
  void loopbackIsNeverRedirected() {
    HostPolicy redirect = policy(List.of("localhost", "*.localhost", "127.0.0.1", "[::1]", "notes.example.com"), true, null);
    assertThat(redirect.redirectLocation(false, "localhost:8080", "/x")).isNull();
    assertThat(redirect.redirectLocation(false, "app.localhost", "/x")).isNull();
    assertThat(redirect.redirectLocation(false, "127.0.0.1:8080", "/x")).isNull();
    assertThat(redirect.redirectLocation(false, "[::1]:8080", "/x")).isNull();
    assertThat(redirect.redirectLocation(false, "notes.example.com", "/x")).isEqualTo("https://notes.example.com/x");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "evil.com:1.example.org", "evil.com/.example.org", "evil.com?.example.org", "evil.com#.example.org",
        "evil.com\\.example.org"
      })
  void redirectNeverLeadsToAnotherHost(String host) {
    HostPolicy redirect = policy(List.of("*.example.org"), true, null);
    // each of these once redirected to https://evil.com..., the allowed suffix riding along as port, path, query or fragment
    assertThat(redirect.isAllowed(host)).isFalse();
    assertThat(redirect.redirectLocation(false, host, "/x")).isNull();
  }

  @Property
  void redirectsOnlyToAllowedHosts(@ForAll("hosts") String host) {
    HostPolicy redirect = policy(List.of("notes.example.com", "*.example.org"), true, 8443);
    String location = redirect.redirectLocation(false, host, "/p");
    if (location != null) {
      assertThat(location).startsWith("https://").endsWith(":8443/p");
      String target = location.substring("https://".length(), location.length() - ":8443/p".length());
      assertThat(target).matches("notes\\.example\\.com|[a-z0-9.-]+\\.example\\.org");
    }
  }

  @Provide
  Arbitrary<String> hosts() {
    Arbitrary<String> junk = Arbitraries.strings().withChars("aez.:/?#@\\[]1-").ofMaxLength(15);
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(30),
        junk,
        junk.map(prefix -> prefix + ".example.org"),
        junk.map(prefix -> prefix + "notes.example.com"),
        junk.map(prefix -> "notes.example.com" + prefix));
  }

  @Test
  void redirectNeedsAnAllowList() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new HostConfig(null, true, null))
        .withMessageContaining("https-redirect needs bulwark.host.allowed");
    assertThatIllegalArgumentException().isThrownBy(() -> new HostConfig(List.of(), true, null));
  }

  @Test
  void configNormalisesAndValidates() {
    HostConfig config = new HostConfig(List.of(" Notes.Example.COM ", "*.Example.org:8443"), null, null);
    assertThat(config.allowed()).containsExactly("notes.example.com", "*.example.org:8443");
    assertThat(config.httpsRedirect()).isFalse();
    assertThat(config.httpsPort()).isEqualTo(443);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new HostConfig(List.of("https://notes.example.com"), null, null))
        .withMessageContaining("'https://notes.example.com' is not a host name");
    assertThatIllegalArgumentException().isThrownBy(() -> new HostConfig(List.of("notes.example.com/x"), null, null));
    assertThatIllegalArgumentException().isThrownBy(() -> new HostConfig(List.of("a.*.example.com"), null, null));
    assertThatIllegalArgumentException().isThrownBy(() -> new HostConfig(List.of(""), null, null));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new HostConfig(List.of("a.example"), true, 0))
        .withMessageContaining("https-port");
    assertThatIllegalArgumentException().isThrownBy(() -> new HostConfig(List.of("a.example"), true, 65536));
    assertThat(new HostConfig(List.of("a.example"), true, 65535).httpsPort()).isEqualTo(65535);
  }
}
