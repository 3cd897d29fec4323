package dev.bulwark.examples.springnotes;

import dev.bulwark.examples.notes.ObservatoryContract;
import java.net.URI;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The Spring example grades A+ behind a TLS proxy on loopback, the proxy named in properties. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "bulwark.client-ip.trusted-proxies=127.0.0.1/32")
class SpringNotesObservatoryGradeTest extends ObservatoryContract {

  @LocalServerPort int port;

  @Override
  protected URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
