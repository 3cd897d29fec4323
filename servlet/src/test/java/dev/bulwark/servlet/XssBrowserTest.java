package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.BulwarkConfigLoader;
import dev.bulwark.config.ConfigSource;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.Alert;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The proof for output encoding: the whole corpus in {@code xss-vectors.txt} (over 400 vectors)
 * goes through every {@link dev.bulwark.encode.Encode} context ({@link XssContext}) into a page
 * that a real Jetty serves through Bulwark's filter and headless Chromium loads, and no script may
 * run.
 *
 * <p>How a script that ran would be seen:
 *
 * <ul>
 *   <li>Before any of a document's own scripts, in every frame, {@link #SENTINEL} replaces {@code
 *       alert}, {@code confirm}, {@code prompt} and {@code print} (what the vectors call) with a
 *       recorder that notes where the call came from. A real dialog that slips past it fails too.
 *   <li>After load, every element is focused and gets every event a handler on the page listens to,
 *       plus the usual mouse, keyboard, pointer, focus, clipboard, drag, animation and media events
 *       ({@link #INTERACT}); clicks and submits are cancelled so that the page stays put.
 *   <li>Links are not followed: every {@code href}, {@code src}, {@code action}, {@code formaction},
 *       {@code data}, {@code background} and {@code poster} is resolved with the browser's URL
 *       parser and must be http, https, mailto or Bulwark's refusal {@code about:invalid#bulwark}.
 *   <li>Every element must be the page's own ({@code data-h}) with only the attributes the page
 *       writes: an injected tag or attribute fails even if it never runs.
 *   <li>Every vector must arrive as data, unchanged where a browser can keep it ({@link
 *       XssVectors.Vector#roundTrips()}): an encoder that dropped its input would pass the other
 *       checks, not this one. The end marker proves nothing swallowed the rest of the page.
 * </ul>
 *
 * <p>Each page ends with its context's <em>control</em>: one corpus vector inserted without
 * encoding. It must be caught (script ran, or an unsafe link), which shows on the very page under
 * test that the detectors work; without the encoder, the whole corpus would be caught the same way.
 *
 * <p>The pages are served twice. First with Bulwark's Content-Security-Policy switched off, so that
 * the encoder alone is tested: with the CSP on, the browser would block most injected scripts
 * itself and hide an encoding bug. Then with Bulwark's default CSP, as an application runs: still
 * nothing may run, and the control in a script block (which carries the nonce) still fires, the
 * reason that a CSP does not replace encoding.
 *
 * <p>Runs only in the Maven profile {@code browser-tests} ({@code mvn verify -Pbrowser-tests});
 * needs Debian's {@code chromium} and {@code chromium-driver} (or {@code -Dbulwark.chromium=} and
 * {@code -Dbulwark.chromedriver=} paths) and fails, rather than skips, without them.
 */
@Tag("browser")
class XssBrowserTest {

  private static final Path CHROMIUM = Path.of(System.getProperty("bulwark.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER =
      Path.of(System.getProperty("bulwark.chromedriver", "/usr/bin/chromedriver"));

  /** Installed in every document before its own scripts, through the DevTools protocol. */
  static final String SENTINEL =
      """
      (() => {
        if (window.__xssSentinel) return;
        window.__xssSentinel = true;
        // The id of the vector an element belongs to: its own or an ancestor's data-v, else that of
        // the nearest tagged element before it (markup injected after a breakout follows the element
        // it broke out of). Never the control's unless the element is inside or after the control.
        const owner = el => {
          for (let n = el; n; n = n.previousElementSibling || n.parentElement) {
            if (n.getAttribute && n.getAttribute('data-v')) return n.getAttribute('data-v');
          }
          return null;
        };
        const where = () => {
          try {
            const ev = window.event;
            const el = ev && ev.target && ev.target.nodeType === 1 ? ev.target : document.currentScript;
            const id = el ? owner(el) : null;
            return id || (el ? el.tagName : (ev ? 'event ' + ev.type : '?'));
          } catch (e) { return '?'; }
        };
        const record = (how, args) => {
          const entry = {how: how, args: String(args).slice(0, 80), where: where(),
                         frame: window !== window.top, url: String(location.href).slice(0, 80)};
          try { window.top.__xssLog.push(entry); }
          catch (e) { try { window.top.postMessage({xssSentinel: entry}, '*'); } catch (e2) {} }
        };
        if (window === window.top) {
          window.__xssLog = [];
          window.__values = {};
          window.addEventListener('message', e => {
            if (e.data && e.data.xssSentinel) window.__xssLog.push(e.data.xssSentinel);
          });
        }
        for (const name of ['alert', 'confirm', 'prompt', 'print']) {
          Object.defineProperty(window, name, {
            value: function () { record(name, Array.from(arguments).join(',')); },
            writable: true, configurable: true});
        }
        window.__xss = id => record('__xss', id);
        window.__seen = (id, slot, value) => {
          const values = window.top.__values;
          (values[id] || (values[id] = []))[slot] = value;
        };
      })();
      """;

  /** Focuses every element and fires every event a handler could wait for. */
  static final String INTERACT =
      """
      document.addEventListener('click', e => e.preventDefault(), true);
      document.addEventListener('auxclick', e => e.preventDefault(), true);
      document.addEventListener('submit', e => e.preventDefault(), true);
      const types = new Set(['mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup', 'mouseout',
        'mouseleave', 'click', 'dblclick', 'auxclick', 'contextmenu', 'focus', 'focusin', 'blur', 'focusout',
        'keydown', 'keypress', 'keyup', 'input', 'beforeinput', 'change', 'select', 'pointerover',
        'pointerenter', 'pointerdown', 'pointerup', 'pointermove', 'wheel', 'scroll', 'copy', 'cut', 'paste',
        'beforecopy', 'drag', 'dragstart', 'dragenter', 'dragover', 'drop', 'toggle', 'beforetoggle',
        'animationstart', 'animationiteration', 'animationend', 'transitionend', 'load', 'error', 'play',
        'playing', 'loadstart', 'begin', 'start', 'show', 'invalid', 'reset', 'search']);
      const all = Array.from(document.querySelectorAll('*'));
      for (const el of all) {
        for (const name of el.getAttributeNames()) {
          if (name.startsWith('on')) types.add(name.slice(2));
        }
      }
      let dispatched = 0;
      for (const el of all) {
        try { if (typeof el.focus === 'function') el.focus(); } catch (e) {}
        for (const type of types) {
          try {
            el.dispatchEvent(new MouseEvent(type, {bubbles: true, cancelable: true, composed: true, view: window}));
            dispatched++;
          } catch (e) {}
        }
      }
      for (const type of types) { try { window.dispatchEvent(new Event(type)); } catch (e) {} }
      return dispatched;
      """;

  /** Reads what ran, what the DOM holds, every link, and every value as it arrived. */
  static final String COLLECT =
      """
      const unquote = s => {
        const m = /^"([\\s\\S]*)"$/.exec(s || '');
        if (!m) return null;
        return m[1].replace(/\\\\([0-9a-fA-F]{1,6})[ \\t\\n]?|\\\\([\\s\\S])/g,
            (_, hex, ch) => hex ? String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10FFFF)) : ch);
      };
      const tag = el => {
        const tagged = el.closest ? el.closest('[data-v]') : null;
        return tagged ? tagged.getAttribute('data-v') : el.tagName;
      };
      const allowed = new Set(['data-h', 'data-v', 'data-r', 'data-b', 'data-control', 'title', 'id', 'style',
        'href', 'onclick', 'onmouseover', 'nonce', 'charset', 'lang']);
      const stray = [];
      for (const el of document.querySelectorAll('*')) {
        if (el.closest('[data-control]')) continue;
        if (!el.hasAttribute('data-h')) { stray.push('element <' + el.tagName + '> in ' + tag(el.parentElement || el)); continue; }
        for (const name of el.getAttributeNames()) {
          if (!allowed.has(name)) stray.push('attribute ' + name + ' on <' + el.tagName + '> of ' + tag(el));
        }
      }
      const safe = new Set(['http:', 'https:', 'mailto:']);
      const unsafe = [];
      let linksChecked = 0;
      const XLINK = 'http://www.w3.org/1999/xlink';
      for (const el of document.querySelectorAll('*')) {
        const urls = [];
        for (const name of ['href', 'src', 'action', 'formaction', 'data', 'background', 'poster']) {
          if (el.hasAttribute(name)) urls.push([name, el.getAttribute(name)]);
        }
        if (el.hasAttributeNS(XLINK, 'href')) urls.push(['xlink:href', el.getAttributeNS(XLINK, 'href')]);
        for (const [name, value] of urls) {
          linksChecked++;
          let url;
          // A URL the parser rejects cannot be followed: the browser does nothing with it.
          try { url = new URL(value, document.baseURI); } catch (e) { continue; }
          if (!safe.has(url.protocol) && url.href !== 'about:invalid#bulwark') {
            unsafe.push({where: tag(el), attribute: name, url: url.href.slice(0, 80)});
          }
        }
      }
      const values = {};
      const push = (id, v) => (values[id] || (values[id] = [])).push(v === undefined ? null : v);
      for (const el of document.querySelectorAll('[data-r]')) {
        const id = el.getAttribute('data-v');
        switch (el.getAttribute('data-r')) {
          case 'text': push(id, el.textContent); break;
          case 'attrs': push(id, el.getAttribute('title')); push(id, el.getAttribute('data-b')); break;
          case 'js': { const v = window.__values[id] || []; push(id, v[0]); push(id, v[1]); break; }
          case 'css':
            push(id, unquote(getComputedStyle(el, '::before').content));
            push(id, unquote(getComputedStyle(el, '::after').content));
            break;
          case 'css-var': push(id, unquote(getComputedStyle(el, '::after').content)); break;
          case 'query': { const u = new URL(el.href); push(id, u.searchParams.get('q')); push(id, u.searchParams.get('r')); break; }
          case 'href': push(id, el.getAttribute('href')); break;
        }
      }
      return {sentinel: Array.isArray(window.__xssLog), fired: window.__xssLog || [], stray: stray,
              unsafe: unsafe, linksChecked: linksChecked, values: values,
              intact: document.getElementById('end') !== null && location.pathname === '/xss'};
      """;

  private static List<XssVectors.Vector> vectors;
  private static Map<String, XssVectors.Vector> byId;
  private static JettyTestServer withoutCsp;
  private static JettyTestServer withCsp;
  private static ChromeDriver browser;

  /** What one page load showed. */
  record PageResult(
      boolean sentinel,
      List<Map<String, Object>> fired,
      List<String> stray,
      List<Map<String, Object>> unsafe,
      long linksChecked,
      Map<String, List<String>> values,
      boolean intact,
      List<String> dialogs) {}

  @BeforeAll
  static void start() throws Exception {
    // Fail, never skip: with the profile on, a missing browser must not pass as a green build.
    assertThat(Files.isExecutable(CHROMIUM))
        .as("Chromium not found at %s: install it (apt-get install chromium chromium-driver) or pass "
            + "-Dbulwark.chromium=/path/to/chromium", CHROMIUM)
        .isTrue();
    assertThat(Files.isExecutable(CHROMEDRIVER))
        .as("chromedriver not found at %s: install it (apt-get install chromium-driver) or pass "
            + "-Dbulwark.chromedriver=/path/to/chromedriver", CHROMEDRIVER)
        .isTrue();

    vectors = XssVectors.load();
    byId = vectors.stream().collect(Collectors.toMap(v -> String.valueOf(v.line()), Function.identity()));
    XssPageServlet page = new XssPageServlet(vectors);
    withoutCsp = JettyTestServer.startWithServlet(config("bulwark.headers.csp.enabled", "false"), page, "/xss");
    withCsp = JettyTestServer.startWithServlet(BulwarkConfig.defaults(), page, "/xss");
    assertThat(Http.get(withoutCsp.uri("/xss?context=HTML_TEXT")).headers().firstValue("Content-Security-Policy"))
        .as("the encoder-alone pages are served without a CSP")
        .isEmpty();
    assertThat(Http.header(Http.get(withCsp.uri("/xss?context=HTML_TEXT")), "Content-Security-Policy"))
        .as("the other pages get Bulwark's default CSP")
        .contains("script-src 'self' 'nonce-");

    // The given binaries only: no Selenium Manager, so nothing is downloaded (SE_OFFLINE is also set
    // by the profile). Chromium's own background traffic is off and every host but localhost fails to
    // resolve, so even a vector that loads from a remote host stays on this machine.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,2000",
        "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
        "--disable-component-update", "--disable-default-apps", "--disable-sync", "--disable-extensions",
        "--disable-domain-reliability", "--disable-client-side-phishing-detection",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost");
    options.setPageLoadStrategy(PageLoadStrategy.NORMAL);
    // A real dialog must not abort the next command: the test looks for it and fails with details.
    options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
    // Through chromedriver's own CDP endpoint, which needs no selenium-devtools module (Selenium's
    // "Unable to find CDP implementation" warning concerns those modules only).
    browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", SENTINEL));
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (withoutCsp != null) {
      withoutCsp.close();
    }
    if (withCsp != null) {
      withCsp.close();
    }
  }

  private static BulwarkConfig config(String key, String value) {
    return BulwarkConfigLoader.load(ConfigSource.fromMap(Map.of(key, value), "test"));
  }

  @ParameterizedTest
  @EnumSource(XssContext.class)
  void noVectorRunsScriptThroughTheEncoderAlone(XssContext context) throws Exception {
    PageResult page = load(withoutCsp, context, context != XssContext.HREF && context != XssContext.SAFE_URL);

    assertNothingButTheControlRan(context, page);
    assertDetectorsSawTheControl(context, page);
    int compared = assertRoundTrip(context, page);
    System.out.printf(
        "%s without CSP: %d vectors, no script ran, %d read back exactly, %d links checked, control caught%n",
        context, vectors.size(), compared, page.linksChecked());
  }

  @ParameterizedTest
  @EnumSource(XssContext.class)
  void noVectorRunsScriptUnderBulwarksCsp(XssContext context) throws Exception {
    boolean scriptBlock = context == XssContext.JAVASCRIPT_BLOCK || context == XssContext.JAVASCRIPT_IN_BLOCK;
    PageResult page = load(withCsp, context, scriptBlock);

    assertNothingButTheControlRan(context, page);
    if (scriptBlock) {
      // The injection lands inside a script that carries the nonce: the CSP lets it run.
      assertDetectorsSawTheControl(context, page);
    } else if (context == XssContext.HREF || context == XssContext.SAFE_URL) {
      assertDetectorsSawTheControl(context, page);
    } else {
      assertThat(page.fired()).as("the CSP blocks the unencoded control in %s", context).isEmpty();
    }
    if (!context.inline()) {
      // Handlers and style attributes are off under this CSP; everything else still arrives.
      assertRoundTrip(context, page);
    }
  }

  private static PageResult load(TestServer server, XssContext context, boolean controlFires) throws Exception {
    List<String> dialogs = new ArrayList<>();
    browser.get(server.uri("/xss?context=" + context.name()).toString());
    dialogs.addAll(dismissDialogs());
    browser.executeScript(INTERACT);
    dialogs.addAll(dismissDialogs());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (controlFires
        && System.nanoTime() < deadline
        && !Boolean.TRUE.equals(
            browser.executeScript("return (window.__xssLog || []).some(e => e.where === 'control')"))) {
      Thread.sleep(50);
    }
    // Room for anything late: media errors, animations, timers.
    Thread.sleep(700);
    dialogs.addAll(dismissDialogs());
    @SuppressWarnings("unchecked")
    Map<String, Object> raw = (Map<String, Object>) browser.executeScript(COLLECT);
    dialogs.addAll(dismissDialogs());
    @SuppressWarnings("unchecked")
    PageResult result =
        new PageResult(
            Boolean.TRUE.equals(raw.get("sentinel")),
            (List<Map<String, Object>>) raw.get("fired"),
            (List<String>) raw.get("stray"),
            (List<Map<String, Object>>) raw.get("unsafe"),
            ((Number) raw.get("linksChecked")).longValue(),
            (Map<String, List<String>>) raw.get("values"),
            Boolean.TRUE.equals(raw.get("intact")),
            dialogs);
    assertThat(result.sentinel()).as("the sentinel is installed in the page").isTrue();
    return result;
  }

  private static List<String> dismissDialogs() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      try {
        Alert alert = browser.switchTo().alert();
        texts.add(alert.getText());
        alert.dismiss();
      } catch (NoAlertPresentException e) {
        break;
      }
    }
    return texts;
  }

  private static void assertDetectorsSawTheControl(XssContext context, PageResult page) {
    if (context == XssContext.HREF || context == XssContext.SAFE_URL) {
      assertThat(page.unsafe())
          .as("the unencoded control %s is caught as an unsafe link", context.control())
          .anyMatch(link -> "control".equals(link.get("where")));
    } else {
      assertThat(page.fired())
          .as("the unencoded control %s runs script in %s", context.control(), context)
          .anyMatch(entry -> "control".equals(entry.get("where")));
    }
  }

  private static void assertNothingButTheControlRan(XssContext context, PageResult page) {
    assertThat(page.fired())
        .as("scripts that ran in %s (the control aside): %s", context, describe(page.fired()))
        .allMatch(entry -> "control".equals(entry.get("where")) && !Boolean.TRUE.equals(entry.get("frame")));
    assertThat(page.dialogs()).as("real dialogs in %s", context).isEmpty();
    assertThat(page.stray()).as("markup the page did not write, in %s", context).isEmpty();
    assertThat(page.unsafe())
        .as("links with an unsafe scheme in %s: %s", context, describe(page.unsafe()))
        .allMatch(link -> "control".equals(link.get("where")));
    assertThat(page.intact()).as("the page reached its end marker and stayed put in %s", context).isTrue();
    if (context == XssContext.HREF || context == XssContext.SAFE_URL || context == XssContext.URI_COMPONENT) {
      assertThat(page.linksChecked()).as("links checked").isGreaterThanOrEqualTo(vectors.size());
    }
  }

  /** Returns how many vectors were compared exactly. */
  private static int assertRoundTrip(XssContext context, PageResult page) {
    List<String> problems = new ArrayList<>();
    int compared = 0;
    for (XssVectors.Vector vector : vectors) {
      List<String> got = page.values().get(String.valueOf(vector.line()));
      List<String> expected = context.expected(vector.text());
      if (got == null || got.size() != expected.size() || got.contains(null)) {
        problems.add(vector + " did not arrive whole: " + got);
      } else if (vector.roundTrips()) {
        compared++;
        if (!got.equals(expected)) {
          problems.add(vector + " arrived as " + got.stream().map(XssBrowserTest::printable).toList());
        }
      }
    }
    assertThat(problems).as("values that did not arrive unchanged in %s", context).isEmpty();
    assertThat(compared).as("vectors compared exactly").isGreaterThan(vectors.size() * 3 / 4);
    return compared;
  }

  private static String describe(List<Map<String, Object>> entries) {
    return entries.stream()
        .map(entry -> {
          Map<String, Object> shown = new LinkedHashMap<>(entry);
          XssVectors.Vector vector = byId.get(String.valueOf(entry.get("where")));
          if (vector != null) {
            shown.put("vector", vector.toString());
          }
          return shown.toString();
        })
        .collect(Collectors.joining("\n  ", "\n  ", ""));
  }

  private static String printable(String s) {
    return s == null ? null : new XssVectors.Vector(0, "", s).printable();
  }
}
