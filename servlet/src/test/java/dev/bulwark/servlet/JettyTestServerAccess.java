package dev.bulwark.servlet;

/** Starts the Jetty test server with a filter the test keeps, to read its counters. */
final class JettyTestServerAccess {

  private JettyTestServerAccess() {}

  static TestServer start(BulwarkFilter filter) throws Exception {
    return JettyTestServer.startWith(filter);
  }
}
