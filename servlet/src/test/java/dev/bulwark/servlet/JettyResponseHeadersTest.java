package dev.bulwark.servlet;

import dev.bulwark.config.BulwarkConfig;

class JettyResponseHeadersTest extends ResponseHeadersContract {
  @Override
  TestServer start(BulwarkConfig config) throws Exception {
    return JettyTestServer.start(config);
  }
}
