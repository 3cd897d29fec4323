package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import dev.bulwark.events.SecurityEvent;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.headers.PermissionsPolicyFeatures;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Bulwark's default headers in a real browser (issue #14: a Thymeleaf application that added only
 * the starter): headless Chromium loads pages through Bulwark's filter with the defaults, and each
 * check is also run against a server with the previous defaults, which must fail it, so the checks
 * are known to see what they claim.
 *
 * <ul>
 *   <li>The default {@code Permissions-Policy} raises no console message at all (the previous one,
 *       OWASP's list, named a feature Chromium does not know and logged an error on every page).
 *   <li>An inline {@code data:} SVG icon loads under the default CSP (it was blocked).
 *   <li>A same-origin form POST carries the page's real {@code Origin} (with {@code no-referrer} it
 *       was {@code null}); a cross-origin one carries no {@code Referer}.
 *   <li>A CSP violation reaches Bulwark's receiver within seconds (with {@code report-to} in the
 *       policy Chromium queued it for the Reporting API, and none arrived).
 * </ul>
 *
 * <p>Runs only in the Maven profile {@code browser-tests}, like {@link XssBrowserTest}, and needs
 * the same Chromium and ChromeDriver.
 */
@Tag("browser")
class BrowserDefaultsTest {

  private static final Path CHROMIUM = Path.of(System.getProperty("bulwark.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER =
      Path.of(System.getProperty("bulwark.chromedriver", "/usr/bin/chromedriver"));

  /** Bulwark's defaults before issue #14, written out: the control every check must catch. */
  static final Map<String, String> PREVIOUS_DEFAULTS =
      Map.of(
          "bulwark.headers.referrer-policy", "no-referrer",
          "bulwark.headers.permissions-policy",
          "accelerometer=(), autoplay=(), camera=(), cross-origin-isolated=(), display-capture=(),"
              + " encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), keyboard-map=(),"
              + " magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(),"
              + " publickey-credentials-get=(), screen-wake-lock=(), sync-xhr=(self), usb=(),"
              + " web-share=(), xr-spatial-tracking=(), clipboard-read=(), clipboard-write=(),"
              + " gamepad=(), hid=(), idle-detection=(), interest-cohort=(), serial=(), unload=()",
          "bulwark.headers.csp.html-policy",
          "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}';"
              + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none';"
              + " report-to csp-endpoint");

  /** A 16 by 16 SVG icon as Bootstrap writes them: a {@code data:} URL. */
  static final String DATA_ICON =
      "data:image/svg+xml,%3csvg xmlns='http://www.w3.org/2000/svg' width='16' height='16' viewBox='0 0 16 16'%3e"
          + "%3cpath d='M2 2h12v12H2z'/%3e%3c/svg%3e";

  private static Site current;
  private static Site previous;
  private static ChromeDriver browser;

  /** One server and what its servlets saw. */
  record Site(JettyTestServer server, BulwarkFilter filter, SecurityEvents events, List<Map<String, String>> posts)
      implements AutoCloseable {

    static Site start(BulwarkConfig config) throws Exception {
      SecurityEvents events = new SecurityEvents();
      List<Map<String, String>> posts = new CopyOnWriteArrayList<>();
      BulwarkFilter filter = new BulwarkFilter(config, events);
      JettyTestServer server =
          JettyTestServer.startWith(
              filter,
              context -> {
                context.addServlet(new ServletHolder(new Pages()), "/page/*");
                context.addServlet(new ServletHolder(new Recorder(posts)), "/posted");
              });
      return new Site(server, filter, events, posts);
    }

    /** A URL on this site, as {@code localhost} (same origin as the pages) or {@code 127.0.0.1}. */
    String url(String path) {
      return server.uri(path).toString();
    }

    String otherOrigin(String path) {
      return "http://127.0.0.1:" + server.port() + path;
    }

    String origin() {
      return "http://localhost:" + server.port();
    }

    @Override
    public void close() throws Exception {
      server.close();
    }
  }

  /** The pages: a plain one with an icon and two forms, and one that breaks the CSP. */
  static final class Pages extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("text/html;charset=utf-8");
      String cross = request.getParameter("cross");
      String body =
          switch (request.getPathInfo()) {
            case "/plain" ->
                "<img id=icon alt=icon src=\"" + DATA_ICON + "\">"
                    + "<form id=same method=post action=/posted><input name=n value=1><button id=send>send</button></form>";
            case "/cross" -> "<a id=follow href=\"" + cross + "\">elsewhere</a>";
            case "/violation" -> "<script>document.title = 'inline script ran';</script><p>violation</p>";
            default -> "<p>nothing here</p>";
          };
      response.getWriter().write("<!doctype html><html><head><title>page</title><link rel=icon href=\"data:,\"></head><body>" + body + "</body></html>");
    }
  }

  /** Notes the Origin and Referer of every request it receives. */
  static final class Recorder extends HttpServlet {
    private final List<Map<String, String>> posts;

    Recorder(List<Map<String, String>> posts) {
      this.posts = posts;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      doPost(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
      posts.add(
          Map.of(
              "origin", String.valueOf(request.getHeader("Origin")),
              "referer", String.valueOf(request.getHeader("Referer"))));
      response.setContentType("text/html;charset=utf-8");
      response.getWriter().write("<!doctype html><title>posted</title><p id=done>posted</p>");
    }
  }

  @BeforeAll
  static void start() throws Exception {
    // The cross-origin form posts from localhost to 127.0.0.1: cross-site, so the recorder's path is
    // exempt from cross-site protection to let the browser's headers be seen at all.
    Map<String, String> bypass = Map.of("bulwark.cross-site.bypass-paths", "/posted");
    current = Site.start(load(bypass));
    Map<String, String> old = new java.util.HashMap<>(PREVIOUS_DEFAULTS);
    old.putAll(bypass);
    previous = Site.start(load(old));

    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
        "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
        "--disable-default-apps", "--disable-sync", "--disable-extensions", "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1");
    options.setPageLoadStrategy(PageLoadStrategy.NORMAL);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    System.out.println("Browser: " + browser.getCapabilities().getBrowserName() + " " + browser.getCapabilities().getBrowserVersion());
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (current != null) {
      current.close();
    }
    if (previous != null) {
      previous.close();
    }
  }

  @BeforeEach
  void freshBrowser() {
    browser.get("about:blank");
    consoleMessages();
  }

  private static BulwarkConfig load(Map<String, String> properties) {
    return BulwarkConfigLoader.load(ConfigSource.fromMap(properties, "test"));
  }

  private static List<String> consoleMessages() {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(LogEntry::toString)
        .toList();
  }

  @Test
  void theDefaultPermissionsPolicyAndAPlainPageLogNothingInTheConsole() throws Exception {
    browser.get(current.url("/page/plain"));
    Thread.sleep(500);
    assertThat(consoleMessages()).as("console messages on a plain page under Bulwark's defaults").isEmpty();

    browser.get(previous.url("/page/plain"));
    Thread.sleep(500);
    assertThat(consoleMessages())
        .as("the control: OWASP's list names a feature Chromium does not recognise")
        .anyMatch(message -> message.contains("Permissions-Policy"));
  }

  @Test
  void everyFeatureNameBulwarkTakesAsKnownIsOneChromiumRecognises() throws Exception {
    // The start-up warning's list: a name Chromium does not know would log an error here.
    String all =
        PermissionsPolicyFeatures.CHROMIUM.stream().sorted().map(name -> name + "=()").collect(Collectors.joining(", "));
    try (Site site = Site.start(load(Map.of("bulwark.headers.permissions-policy", all)))) {
      browser.get(site.url("/page/plain"));
      Thread.sleep(500);
      assertThat(consoleMessages()).as("console messages with every known feature denied").isEmpty();
    }
  }

  @Test
  void dataImagesLoadUnderTheDefaultCsp() {
    browser.get(current.url("/page/plain"));
    assertThat(iconWidth()).as("the data: icon loaded").isEqualTo(16L);

    browser.get(previous.url("/page/plain"));
    assertThat(iconWidth()).as("the control: default-src 'self' alone blocks the data: icon").isEqualTo(0L);
    assertThat(consoleMessages()).anyMatch(message -> message.contains("img-src") || message.contains("Refused to load the image"));
  }

  private static Long iconWidth() {
    return (Long) browser.executeScript(
        "const i = document.getElementById('icon'); return i.complete ? i.naturalWidth : -1;");
  }

  @Test
  void aSameOriginFormPostCarriesItsRealOrigin() {
    assertThat(submitSameOrigin(current)).containsEntry("origin", current.origin());
    assertThat(submitSameOrigin(previous)).as("the control: no-referrer").containsEntry("origin", "null");
  }

  private static Map<String, String> submitSameOrigin(Site site) {
    int before = site.posts().size();
    browser.get(site.url("/page/plain"));
    browser.findElement(By.id("send")).click();
    awaitDone();
    assertThat(site.posts()).hasSize(before + 1);
    return site.posts().get(before);
  }

  /**
   * A click returns before the navigation it starts has loaded the next page; a loaded machine
   * showed the old page for a moment. So the target page's marker is waited for, within bounds.
   */
  private static void awaitDone() {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (browser.findElements(By.id("done")).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the page after the click (#done) did not load within 15 s; at " + browser.getCurrentUrl());
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  @Test
  void aLinkToAnotherOriginCarriesNoReferer() {
    // form-action 'self' keeps forms on the site, so a link shows what other origins are told
    int before = current.posts().size();
    browser.get(current.url("/page/cross?cross=" + current.otherOrigin("/posted?from=link")));
    browser.findElement(By.id("follow")).click();
    awaitDone();
    assertThat(current.posts().get(before)).containsEntry("referer", "null");
  }

  @Test
  void aViolationReachesTheReceiverWithinSeconds() throws Exception {
    long arrivedAfter = violationArrivalMillis(current, Duration.ofSeconds(5));
    System.out.println("Report arrived after " + arrivedAfter + " ms");
    assertThat(arrivedAfter).as("ms until the report arrived (-1: none within 5 s)").isBetween(0L, 5_000L);

    assertThat(violationArrivalMillis(previous, Duration.ofSeconds(5)))
        .as("the control: with report-to, Chromium queues the report for the Reporting API")
        .isEqualTo(-1L);
  }

  /**
   * Observe mode in a real browser: the inline script the enforced policy blocks runs, and the
   * report-only policy's report reaches the receiver and the adoption report, which says how to
   * allow it.
   */
  @Test
  void inObserveModeTheInlineScriptRunsAndItsViolationReachesTheAdoptionReport() throws Exception {
    try (Site observing = Site.start(load(Map.of("bulwark.mode", "observe")))) {
      browser.get(observing.url("/page/violation"));
      assertThat(browser.getTitle()).as("nothing is blocked in observe mode").isEqualTo("inline script ran");
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (observing.events().count(SecurityEvent.CSP_VIOLATION) == 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(observing.events().count(SecurityEvent.CSP_VIOLATION)).as("reports within 5 s").isPositive();
      assertThat(observing.filter().assembly().adoption().toJson())
          .contains("\"directive\":\"script-src-elem\",\"blocked\":\"inline\",\"page\":\"/page/violation\"")
          .contains("give it the nonce");
      assertThat(consoleMessages()).as("a report-only violation is a console report, not an error of the page")
          .noneMatch(message -> message.contains("Refused to execute") && !message.contains("Report Only"));
    }
  }

  private static long violationArrivalMillis(Site site, Duration wait) throws InterruptedException {
    long before = site.events().count(SecurityEvent.CSP_VIOLATION);
    long start = System.nanoTime();
    browser.get(site.url("/page/violation"));
    assertThat(browser.getTitle()).as("the CSP blocked the inline script").isEqualTo("page");
    while (System.nanoTime() - start < wait.toNanos()) {
      if (site.events().count(SecurityEvent.CSP_VIOLATION) > before) {
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
      }
      Thread.sleep(50);
    }
    return -1;
  }
}
