package dev.bulwark.examples.notes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.servlet.Http;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Client addresses a hostile or unusual client arrives with, behind a trusted proxy, over real
 * HTTP: IPv6 transition addresses (NAT64, IPv4-mapped and -compatible, 6to4, Teredo) are keyed by
 * the IPv4 address they carry, and a forwarded hop that is no address never lands the client in
 * the proxy's own bucket. Each app runs it on an instance of its own, configured with {@link
 * #SETTINGS}: the loopback is a trusted proxy, a single rule {@value #RULE} allows 1,000 requests a
 * day per client (the Spring subclass repeats the settings in its annotation) (its {@code RateLimit} field tells which bucket a request used: a fresh bucket
 * answers {@code r=999}), and {@value #BLOCKED} is on the blocklist.
 */
public abstract class HostileClientAddressContract {

  /** The rule the instance runs. */
  public static final String RULE = "probe";

  /** An address on the instance's blocklist. */
  public static final String BLOCKED = "192.0.2.66";

  /** The instance's blocklist. */
  public static final String BLOCKED_RANGE = BLOCKED + "/32";

  /** The Bulwark settings of the instance under test. */
  public static final Map<String, String> SETTINGS =
      Map.of(
          "bulwark.client-ip.trusted-proxies", "127.0.0.1/32,::1/128",
          "bulwark.rate-limit.enabled", "true",
          "bulwark.rate-limit.blocklist", BLOCKED_RANGE,
          "bulwark.rate-limit.rules[0].name", RULE,
          "bulwark.rate-limit.rules[0].limits", "1000/1d");

  private static final Pattern REMAINING = Pattern.compile("^\"" + RULE + "-1d\";r=(\\d+);");

  /** Returns the URI of a path on the running app. */
  protected abstract URI uri(String path);

  /** Sends one request through the (loopback) proxy and returns the tokens left in its bucket. */
  private long remaining(String... headers) throws Exception {
    HttpResponse<String> response = Http.get(uri("/static/app.css"), headers);
    assertThat(response.statusCode()).as("status for %s", String.join(" ", headers)).isEqualTo(200);
    String field = Http.header(response, "RateLimit");
    assertThat(field).as("RateLimit field").isNotNull();
    Matcher matcher = REMAINING.matcher(field);
    assertThat(matcher.find()).as("RateLimit field %s", field).isTrue();
    return Long.parseLong(matcher.group(1));
  }

  private long forwardedFor(String client) throws Exception {
    return remaining("X-Forwarded-For", client);
  }

  /**
   * Issue #12's review: one address that trickles bodies on many connections held every request
   * thread on Tomcat (Spring MVC reads a multipart body for any path, static files included), so
   * alice and the probes timed out. Now a client has at most {@code max-concurrent-requests} (64)
   * in progress; the rest are refused at once, and everyone else is served meanwhile.
   */
  @Test
  void oneClientTricklingBodiesOnManyConnectionsCannotHoldEveryThread() throws Exception {
    java.util.List<java.net.Socket> held = new java.util.ArrayList<>();
    int refusedAtOnce = 0;
    try {
      for (int i = 0; i < 90; i++) {
        java.net.Socket socket = new java.net.Socket("127.0.0.1", uri("/").getPort());
        socket.setSoTimeout(200);
        held.add(socket);
        String head =
            "POST /static/app.css HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: 198.51.100.77\r\n"
                + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 100000\r\n\r\n--x";
        socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
      }
      // Whatever was answered already was refused without waiting for the body.
      for (java.net.Socket socket : held) {
        try {
          byte[] answer = socket.getInputStream().readNBytes(12);
          if (new String(answer, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 4")) {
            refusedAtOnce++;
          }
        } catch (java.net.SocketTimeoutException stillHeld) {
          // held by the application's read: counted against the client's limit
        }
      }
      assertThat(refusedAtOnce).as("connections beyond the client's 64 in progress are refused at once").isGreaterThanOrEqualTo(90 - 64);
      long start = System.nanoTime();
      HttpResponse<String> other = Http.get(uri("/api/notes"), "Authorization", NotesClient.basic("alice"), "X-Forwarded-For", "203.0.113.5");
      assertThat(other.statusCode()).as("another client is served meanwhile").isEqualTo(200);
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(2));
    } finally {
      for (java.net.Socket socket : held) {
        socket.close();
      }
    }
  }

  @Test
  void nat64ClientsWithDifferentIpv4AddressesDoNotShareABucket() throws Exception {
    // 198.51.100.1 and .2 behind the well-known NAT64 prefix: one /64, two clients
    assertThat(forwardedFor("64:ff9b::c633:6401")).isEqualTo(999);
    assertThat(forwardedFor("64:ff9b::c633:6402")).as("another IPv4 behind the same NAT64").isEqualTo(999);
    assertThat(forwardedFor("64:ff9b:1::c633:6403")).as("the local-use NAT64 prefix").isEqualTo(999);
    assertThat(forwardedFor("64:ff9b:1::c633:6404")).isEqualTo(999);
    // 6to4 and Teredo clients of different IPv4 addresses, in one /64 each
    assertThat(forwardedFor("2002:c633:6405::1")).isEqualTo(999);
    assertThat(forwardedFor("2002:c633:6406::1")).isEqualTo(999);
    assertThat(forwardedFor("2001:0:4136:e378:8000:63bf:39cc:9bf8")).as("Teredo for 198.51.100.7").isEqualTo(999);
    assertThat(forwardedFor("2001:0:4136:e378:8000:63bf:39cc:9bf7")).as("Teredo for 198.51.100.8").isEqualTo(999);
  }

  @Test
  void everyFormOfOneIpv4AddressSharesItsBucket() throws Exception {
    // 203.0.113.10 = cb00:710a; Teredo stores it inverted (34ff:8ef5)
    String[] forms = {
      "203.0.113.10",
      "::ffff:203.0.113.10",
      "::ffff:cb00:710a",
      "::203.0.113.10",
      "64:ff9b::cb00:710a",
      "64:ff9b::203.0.113.10",
      "64:ff9b:1::cb00:710a",
      "2002:cb00:710a::1",
      "2002:cb00:710a:1::2",
      "2001:0:4136:e378:8000:63bf:34ff:8ef5",
    };
    for (int i = 0; i < forms.length; i++) {
      assertThat(forwardedFor(forms[i])).as("%s is 203.0.113.10", forms[i]).isEqualTo(999 - i);
    }
  }

  @Test
  void aBlockedIpv4AddressIsBlockedInEveryForm() throws Exception {
    // 192.0.2.66 = c000:242
    for (String form : new String[] {BLOCKED, "::ffff:" + BLOCKED, "64:ff9b::c000:242", "2002:c000:242::1"}) {
      HttpResponse<String> response = Http.get(uri("/static/app.css"), "X-Forwarded-For", form);
      assertThat(response.statusCode()).as(form).isEqualTo(403);
      assertThat(Http.header(response, "Content-Type")).startsWith("application/problem+json");
      assertThat(response.body()).contains("address-blocked").doesNotContain(BLOCKED).doesNotContain("c000");
    }
  }

  @Test
  void otherIpv6ClientsAreStillKeyedByTheirSlash64() throws Exception {
    assertThat(forwardedFor("2001:db8:77:1::1")).isEqualTo(999);
    assertThat(forwardedFor("2001:db8:77:1::2")).as("same /64").isEqualTo(998);
    assertThat(forwardedFor("2001:db8:77:2::1")).as("another /64").isEqualTo(999);
  }

  @Test
  void hopsThatAreNoAddressNeverUseTheProxysBucket() throws Exception {
    long proxy = remaining();
    String[] garbage = {"evil", "203.0.113.7, nonsense", "unknown", "_hidden", "999.1.1.1", "[::1", "1.2.3.4.5"};
    for (String hop : garbage) {
      remaining("X-Forwarded-For", hop);
    }
    assertThat(remaining()).as("the proxy's own bucket, after %d requests with unreadable hops", garbage.length)
        .isEqualTo(proxy - 1);
  }

  @Test
  void obfuscatedIdentifiersAreClientsOfTheirOwn() throws Exception {
    assertThat(forwardedFor("_client-a")).isEqualTo(999);
    assertThat(forwardedFor("_client-a")).as("the same identifier, the same bucket").isEqualTo(998);
    assertThat(forwardedFor("_client-b")).as("another identifier").isEqualTo(999);
    assertThat(forwardedFor("203.0.113.200, _client-c")).as("the proxy's identifier, not the address left of it")
        .isEqualTo(999);
    assertThat(forwardedFor("203.0.113.200")).as("which is a client of its own").isEqualTo(999);
  }
}
