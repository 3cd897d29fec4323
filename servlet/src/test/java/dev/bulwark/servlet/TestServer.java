package dev.bulwark.servlet;

import java.net.URI;

/** A running container with the test application. */
interface TestServer extends AutoCloseable {

  int port();

  default URI uri(String path) {
    return URI.create("http://localhost:" + port() + path);
  }

  @Override
  void close() throws Exception;
}
