package dev.bulwark.compat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Walks an application in headless Chromium: pages breadth-first from the seeds, following
 * same-origin links, and every distinct form submitted once with plausible values right after the page
 * it was found on, each its own row.
 * One walker is one fresh browser profile; close it after the walk.
 */
final class Walker implements AutoCloseable {

  /** Injected before any page script: records CSP violations and answers dialogs so none blocks the walk. */
  private static final String INJECTED = """
      (function () {
        if (window.__compatCsp) { return; }
        window.__compatCsp = [];
        document.addEventListener('securitypolicyviolation', function (e) {
          window.__compatCsp.push([e.disposition || '', e.effectiveDirective || e.violatedDirective || '',
            e.blockedURI || '(none)', (e.sourceFile || '') + ':' + (e.lineNumber || 0)].join(' '));
        }, true);
        window.alert = function () {};
        window.confirm = function () { return true; };
        window.prompt = function () { return 'Test'; };
      })();
      """;

  private static final String LINKS = "return Array.from(document.querySelectorAll('a[href], area[href]')).map(a => a.href);";

  private static final String FORMS = """
      return Array.from(document.forms).map(f => ({
        method: (f.method || 'get').toUpperCase(),
        action: f.action || location.href,
        fields: Array.from(f.elements).map(e => ({
          tag: e.tagName.toLowerCase(), type: e.type || '', name: e.name || '', value: e.value || '',
          options: e.tagName === 'SELECT' ? Array.from(e.options).map(o => o.value) : []
        }))
      }));
      """;

  private static final String FILL_AND_SUBMIT = """
      const f = document.forms[arguments[0]];
      for (const [i, v] of arguments[1]) {
        const e = f.elements[i];
        e.value = v;
        e.dispatchEvent(new Event('input', {bubbles: true}));
        e.dispatchEvent(new Event('change', {bubbles: true}));
      }
      window.__compatBefore = true;
      const valid = f.checkValidity();
      const submitter = Array.from(f.elements).find(e =>
          (e.tagName === 'BUTTON' || e.tagName === 'INPUT') && e.type === 'submit');
      setTimeout(() => {
        if (valid && f.requestSubmit) { f.requestSubmit(submitter); }
        else { HTMLFormElement.prototype.submit.call(f); }
      }, 0);
      return valid;
      """;

  private static final String STATE = "return window.__compatBefore === true ? 'same' : document.readyState;";

  private final ChromeDriver driver;
  private final URI origin;
  private final Path screenshots;
  private final long settleMillis;

  Walker(Path chromium, Path chromedriver, URI origin, Path screenshots, int width, int height, long settleMillis)
      throws IOException {
    this.origin = origin;
    this.screenshots = Files.createDirectories(screenshots);
    this.settleMillis = settleMillis;
    Path profile = Files.createTempDirectory("bulwark-compat-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    // Only localhost resolves: an application that loads from a CDN shows it as failed requests in every
    // variant alike, and nothing leaves this machine.
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=" + width + "," + height, "--hide-scrollbars", "--force-device-scale-factor=1",
        "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check",
        "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
        "--disable-sync", "--disable-extensions", "--disable-domain-reliability",
        "--disable-client-side-phishing-detection", "--disable-quic",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost");
    options.setPageLoadStrategy(PageLoadStrategy.NORMAL);
    options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.ACCEPT);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(chromedriver.toString())).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", INJECTED));
  }

  /** Walks breadth-first from the seeds, discovering up to {@code max} actions. */
  List<PageResult> discover(List<String> seeds, int max) {
    List<PageResult> results = new ArrayList<>();
    Deque<Action> queue = new ArrayDeque<>();
    Set<String> seenPages = new HashSet<>();
    Set<String> seenForms = new HashSet<>();
    for (String seed : seeds) {
      Links.followable(origin, seed).map(this::path).filter(seenPages::add).ifPresent(u -> queue.add(Action.visit(u)));
    }
    while (!queue.isEmpty() && results.size() < max) {
      Action action = queue.poll();
      PageResult result = perform(action, results.size());
      results.add(result);
      if (action.kind() == Action.Kind.SUBMIT) {
        Links.followable(origin, result.finalUrl()).map(this::path).filter(seenPages::add)
            .ifPresent(u -> queue.add(Action.visit(u)));
      }
      if (!onOrigin()) {
        continue;
      }
      if (action.kind() == Action.Kind.VISIT) {
        // A page's new forms are submitted right after it, ahead of the pages still queued, so the row
        // cap is not spent on pages alone.
        List<Map<String, Object>> forms = forms();
        List<Action> submissions = new ArrayList<>();
        for (int i = 0; i < forms.size(); i++) {
          String key = formKey(forms.get(i));
          if (seenForms.add(key)) {
            submissions.add(Action.submit(action.url(), i, label(forms.get(i))));
          }
        }
        for (int i = submissions.size() - 1; i >= 0; i--) {
          queue.addFirst(submissions.get(i));
        }
      }
      for (String href : links()) {
        Links.followable(origin, href).map(this::path).filter(seenPages::add).ifPresent(u -> queue.add(Action.visit(u)));
      }
    }
    return results;
  }

  /** Performs the given actions in order: the plan another variant discovered. */
  List<PageResult> replay(List<Action> plan) {
    List<PageResult> results = new ArrayList<>();
    for (Action action : plan) {
      results.add(perform(action, results.size()));
    }
    return results;
  }

  private PageResult perform(Action action, int index) {
    String shot = String.format("%02d.png", index + 1);
    String note = "";
    try {
      drainLogs();
      if (action.kind() == Action.Kind.VISIT) {
        driver.get(absolute(action.url()));
        settle();
      } else {
        driver.get(absolute(action.url()));
        settle();
        drainLogs(); // the form's page was its own row
        note = submit(action);
        settle();
      }
    } catch (WebDriverException e) {
      note = "error: " + firstLine(e.getMessage());
    }
    String finalUrl = currentUrl();
    List<String> console = new ArrayList<>();
    List<String> cspFromConsole = new ArrayList<>();
    NetworkLog network = new NetworkLog();
    try {
      for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
        if (entry.getLevel().intValue() < Level.SEVERE.intValue()) {
          continue;
        }
        String message = entry.getMessage();
        if (Console.isCsp(message)) {
          cspFromConsole.add(message);
        } else if (!Console.isFailedLoad(message)) {
          console.add(message);
        }
      }
      for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
        network.add(entry.getMessage());
      }
    } catch (WebDriverException e) {
      note = (note.isEmpty() ? "" : note + "; ") + "logs unavailable: " + firstLine(e.getMessage());
    }
    List<String> csp = cspEvents();
    // The listener's events die with the page; a submission that navigated away keeps only the console's.
    if (csp.isEmpty()) {
      csp = cspFromConsole;
    }
    try {
      Files.write(screenshots.resolve(shot), driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException | WebDriverException e) {
      shot = "";
      note = (note.isEmpty() ? "" : note + "; ") + "no screenshot: " + firstLine(e.getMessage());
    }
    return new PageResult(action, finalUrl, network.documentStatus(finalUrl), console, csp,
        network.failedRequests(), note, shot, Optional.empty());
  }

  /** Fills the action's form with {@link FormValues} and submits it; returns the row's note. */
  @SuppressWarnings("unchecked")
  private String submit(Action action) {
    List<Map<String, Object>> forms = forms();
    if (action.formIndex() >= forms.size()) {
      return "form #" + action.formIndex() + " not on the page";
    }
    List<Map<String, Object>> fields = (List<Map<String, Object>>) forms.get(action.formIndex()).get("fields");
    List<List<Object>> values = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      Map<String, Object> f = fields.get(i);
      FormValues.Field field = new FormValues.Field(str(f.get("tag")), str(f.get("type")), str(f.get("name")),
          str(f.get("value")), (List<String>) f.get("options"));
      int elementIndex = i;
      FormValues.choose(field).ifPresent(v -> values.add(List.of(elementIndex, v)));
    }
    Object valid = driver.executeScript(FILL_AND_SUBMIT, action.formIndex(), values);
    String note = Boolean.TRUE.equals(valid) ? "" : "form invalid in the browser, submitted anyway";
    long deadline = System.currentTimeMillis() + 5_000;
    long loadDeadline = System.currentTimeMillis() + 60_000;
    while (true) {
      sleep(200);
      String state;
      try {
        state = String.valueOf(driver.executeScript(STATE));
      } catch (WebDriverException e) {
        state = "navigating";
      }
      if (state.equals("complete")) {
        return note;
      }
      if (state.equals("same") && System.currentTimeMillis() > deadline) {
        return (note.isEmpty() ? "" : note + "; ") + "stayed on the page";
      }
      if (System.currentTimeMillis() > loadDeadline) {
        return (note.isEmpty() ? "" : note + "; ") + "page did not finish loading";
      }
    }
  }

  private void settle() {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        if ("complete".equals(driver.executeScript("return document.readyState;"))) {
          break;
        }
      } catch (WebDriverException e) {
        // navigating: ask again
      }
      sleep(100);
    }
    sleep(settleMillis); // scripts that fetch data after load
  }

  private void drainLogs() {
    driver.manage().logs().get(LogType.BROWSER);
    driver.manage().logs().get(LogType.PERFORMANCE);
  }

  @SuppressWarnings("unchecked")
  private List<String> cspEvents() {
    try {
      Object events = driver.executeScript("return window.__compatCsp || [];");
      return events instanceof List ? new ArrayList<>(new LinkedHashSet<>((List<String>) events)) : List.of();
    } catch (WebDriverException e) {
      return List.of();
    }
  }

  @SuppressWarnings("unchecked")
  private List<String> links() {
    try {
      Object links = driver.executeScript(LINKS);
      return links instanceof List ? (List<String>) links : List.of();
    } catch (WebDriverException e) {
      return List.of();
    }
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> forms() {
    try {
      Object forms = driver.executeScript(FORMS);
      return forms instanceof List ? (List<Map<String, Object>>) forms : List.of();
    } catch (WebDriverException e) {
      return List.of();
    }
  }

  private boolean onOrigin() {
    return Links.followable(origin, currentUrl()).isPresent();
  }

  private String currentUrl() {
    try {
      return driver.getCurrentUrl();
    } catch (WebDriverException e) {
      return "";
    }
  }

  /** Forms are told apart by method, action (without query) and field names, so a search box in the layout is submitted once. */
  @SuppressWarnings("unchecked")
  static String formKey(Map<String, Object> form) {
    String action = str(form.get("action"));
    int q = action.indexOf('?');
    Set<String> names = new TreeSet<>();
    for (Map<String, Object> f : (List<Map<String, Object>>) form.get("fields")) {
      names.add(str(f.get("name")));
    }
    return form.get("method") + " " + (q < 0 ? action : action.substring(0, q)) + " " + names;
  }

  private String label(Map<String, Object> form) {
    return form.get("method") + " " + path(str(form.get("action")));
  }

  /** An address on the origin as the path (and query) the plan keeps, so another variant's port fits it. */
  private String path(String url) {
    String prefix = origin.toString().replaceAll("/+$", "");
    String path = url.startsWith(prefix) ? url.substring(prefix.length()) : url;
    return path.isEmpty() ? "/" : path;
  }

  private String absolute(String path) {
    return path.startsWith("/") ? origin.toString().replaceAll("/+$", "") + path : path;
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
