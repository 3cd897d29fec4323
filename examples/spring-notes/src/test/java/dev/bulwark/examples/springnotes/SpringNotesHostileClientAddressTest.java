package dev.bulwark.examples.springnotes;

import dev.bulwark.examples.notes.HostileClientAddressContract;
import java.net.URI;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The client-address contract against the Spring example on Tomcat, in an application context of
 * its own that trusts the loopback as a proxy and runs the contract's rule and blocklist.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.application.name=hostile-client-address-test",
      "bulwark.client-ip.trusted-proxies=127.0.0.1/32,::1/128",
      "bulwark.rate-limit.enabled=true",
      "bulwark.rate-limit.blocklist=" + HostileClientAddressContract.BLOCKED_RANGE,
      "bulwark.rate-limit.rules[0].name=" + HostileClientAddressContract.RULE,
      "bulwark.rate-limit.rules[0].limits=1000/1d"
    })
class SpringNotesHostileClientAddressTest extends HostileClientAddressContract {

  @LocalServerPort int port;

  @Override
  protected URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
