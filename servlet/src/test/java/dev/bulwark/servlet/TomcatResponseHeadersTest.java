package dev.bulwark.servlet;

import dev.bulwark.config.BulwarkConfig;

class TomcatResponseHeadersTest extends ResponseHeadersContract {
  @Override
  TestServer start(BulwarkConfig config) throws Exception {
    return TomcatTestServer.start(config);
  }
}
