package dev.bulwark.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bulwark.net.HostNames;
import dev.bulwark.testing.FuzzAssertions;
import dev.bulwark.testing.FuzzFields;
import java.util.List;

/**
 * Fuzzes the Host allow-list and the HTTPS redirect: bad entries are refused with {@link
 * IllegalArgumentException} only, without repeating long input; a redirect only ever goes to
 * {@code https://} plus a host that an entry allows, written with host characters only, so no Host
 * header can move the redirect to a host an attacker chose; and an allowed host is one an entry
 * names (ASCII case-insensitively) or a subdomain of a {@code *.} entry.
 *
 * <p>Input lines: allowed hosts (comma-separated), https-redirect, https-port, the Host header, the
 * path and query.
 */
class HostPolicyFuzzTest {

  @FuzzTest
  void redirectsStayOnAllowedHosts(byte[] data) {
    FuzzFields in = FuzzFields.of(data);
    List<String> allowed = in.list(0);
    HostConfig config;
    try {
      config = new HostConfig(allowed, in.flag(1), in.integer(2));
    } catch (IllegalArgumentException e) {
      FuzzAssertions.assertEchoesAtMost(e, allowed.toArray(String[]::new));
      return;
    }
    HostPolicy policy = HostPolicy.compile(config);
    String host = in.nullable(3);
    String path = in.get(4);

    boolean isAllowed = policy.isAllowed(host);
    if (config.allowed().isEmpty()) {
      assertThat(isAllowed).isTrue();
    } else if (isAllowed) {
      assertThat(host).isNotNull();
      assertThat(allows(config.allowed(), host)).as("%s allows %s", config.allowed(), host).isTrue();
    }
    for (String entry : config.allowed()) {
      String example = entry.startsWith("*.") ? "a-1.b" + entry.substring(1) : entry;
      assertThat(policy.isAllowed(example)).as("%s allows %s", entry, example).isTrue();
    }

    String location = policy.redirectLocation(false, host, path);
    if (location != null) {
      assertThat(config.httpsRedirect()).isTrue();
      String portSuffix = config.httpsPort() == 443 ? "" : ":" + config.httpsPort();
      assertThat(location).startsWith("https://").endsWith(portSuffix + path);
      String name = location.substring("https://".length(), location.length() - portSuffix.length() - path.length());
      assertThat(name).isEqualTo(HostNames.stripPort(host)).matches("[a-z0-9.-]+|\\[[0-9a-f:.]+\\]");
      assertThat(allows(config.allowed(), host)).as("%s allows %s", config.allowed(), host).isTrue();
      assertThat(HostNames.isLocal(name)).isFalse();
    }
    assertThat(policy.redirectLocation(true, host, path)).isNull();
  }

  /** The documented rule, with ASCII-only case folding: an entry's name (and port), or a subdomain. */
  private static boolean allows(List<String> entries, String host) {
    String value = lower(host);
    String name = lower(HostNames.stripPort(host));
    for (String entry : entries) {
      if (entry.startsWith("*.")) {
        String suffix = entry.substring(1);
        for (String candidate : new String[] {value, name}) {
          if (candidate.endsWith(suffix) && candidate.length() > suffix.length()
              && candidate.substring(0, candidate.length() - suffix.length()).matches("[a-z0-9.-]+")) {
            return true;
          }
        }
      } else if (entry.equals(name) || entry.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static String lower(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }
    return out.toString();
  }
}
