package dev.bulwark.compat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetworkLogTest {

  private static String event(String method, String params) {
    return "{\"message\":{\"method\":\"" + method + "\",\"params\":" + params + "},\"webview\":\"W\"}";
  }

  @Test
  void documentStatusIsTheLastResponseForTheShownAddress() {
    NetworkLog log = new NetworkLog();
    log.add(event("Network.requestWillBeSent", "{\"requestId\":\"1\",\"type\":\"Document\",\"request\":{\"url\":\"http://h/owners/new\"}}"));
    // POST, then 302 to /owners/11, then 200
    log.add(event("Network.requestWillBeSent", "{\"requestId\":\"1\",\"type\":\"Document\",\"request\":{\"url\":\"http://h/owners/11\"},"
        + "\"redirectResponse\":{\"url\":\"http://h/owners/new\",\"status\":302}}"));
    log.add(event("Network.responseReceived", "{\"requestId\":\"1\",\"type\":\"Document\",\"response\":{\"url\":\"http://h/owners/11\",\"status\":200}}"));
    assertThat(log.documentStatus("http://h/owners/11#pets")).isEqualTo(200);
    assertThat(log.documentStatus("http://h/owners/new")).isEqualTo(302);
    assertThat(log.documentStatus("http://h/elsewhere")).isEqualTo(200);
    assertThat(new NetworkLog().documentStatus("http://h/")).isZero();
  }

  @Test
  void failedRequestsAreErrorStatusesNetworkErrorsAndBlockedLoads() {
    NetworkLog log = new NetworkLog();
    log.add(event("Network.responseReceived", "{\"requestId\":\"2\",\"type\":\"Image\",\"response\":{\"url\":\"http://h/favicon.ico\",\"status\":404}}"));
    log.add(event("Network.responseReceived", "{\"requestId\":\"3\",\"type\":\"Script\",\"response\":{\"url\":\"http://h/app.js\",\"status\":200}}"));
    log.add(event("Network.requestWillBeSent", "{\"requestId\":\"4\",\"type\":\"Script\",\"request\":{\"url\":\"https://cdn.example/x.js\"}}"));
    log.add(event("Network.loadingFailed", "{\"requestId\":\"4\",\"errorText\":\"net::ERR_NAME_NOT_RESOLVED\"}"));
    log.add(event("Network.requestWillBeSent", "{\"requestId\":\"5\",\"type\":\"Image\",\"request\":{\"url\":\"http://h/img.png\"}}"));
    log.add(event("Network.loadingFailed", "{\"requestId\":\"5\",\"errorText\":\"net::ERR_BLOCKED_BY_CLIENT\",\"blockedReason\":\"csp\"}"));
    log.add(event("Network.requestWillBeSent", "{\"requestId\":\"6\",\"type\":\"Fetch\",\"request\":{\"url\":\"http://h/api\"}}"));
    log.add(event("Network.loadingFailed", "{\"requestId\":\"6\",\"errorText\":\"net::ERR_ABORTED\",\"canceled\":true}"));
    log.add(event("Page.frameNavigated", "{}"));
    assertThat(log.failedRequests()).containsExactly(
        "404 http://h/favicon.ico", "net::ERR_NAME_NOT_RESOLVED https://cdn.example/x.js", "blocked:csp http://h/img.png");
  }
}
