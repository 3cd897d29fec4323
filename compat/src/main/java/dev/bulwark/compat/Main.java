package dev.bulwark.compat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.openqa.selenium.json.Json;

/**
 * The compatibility harness: {@code compat/run.sh CHECKOUT [options] [VARIANT...]}. Builds the
 * application bare and with the starter added, starts it once per variant, walks it in headless
 * Chromium and writes a Markdown table and a JSON document per application.
 */
public final class Main {

  private static final String USAGE = """
      usage: compat/run.sh CHECKOUT [options] [VARIANT...]
        VARIANT        bare | default | observe | enforce=FILE | NAME:on|off[:FILE]   (default: bare default)
        --name NAME    the application's name in reports (default: the checkout's directory name)
        --module DIR   the module that builds the Spring Boot jar, relative to CHECKOUT (default: the root)
        --results DIR  where reports go (default: /tmp/bulwark-compat/results); DIR/NAME/ is replaced
        --work DIR     where the copies are built (default: /tmp/bulwark-compat/work)
        --seed PATH    a page to start from (repeatable; default: /)
        --max N        at most N rows (pages and form submissions) per variant (default: 40)
        --mvn-arg ARG  an extra argument for the application's Maven build (repeatable)
        --app-arg ARG  an extra argument for the application (repeatable)
        --offline      build the application with mvn -o
        --actuator PATH  Actuator's base path, where the adoption and readiness reports are read after
                       the walk of a variant with Bulwark (default: /actuator)
        --settle MS    how long to let a loaded page run its scripts (default: 1000)
        --tolerance N  per-channel difference (0-255) under which pixels count as equal (default: 8)
        --start-timeout S  how long to wait for the application to answer (default: 180)
        --chromium PATH, --chromedriver PATH  (default: /usr/bin/chromium, /usr/bin/chromedriver)
      """;

  /** Selenium warns that it has no CDP module for this Chromium; the harness needs none (chromedriver's own endpoint). */
  private static final java.util.logging.Logger CDP_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

  private Main() {}

  public static void main(String[] args) throws Exception {
    try {
      System.exit(run(args));
    } catch (IllegalArgumentException e) {
      System.err.println("compat: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
    }
  }

  static int run(String[] args) throws Exception {
    CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
    // Interrupted (Ctrl-C, kill): the application, chromedriver and Chromium go with the harness.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
        .forEach(ProcessHandle::destroy), "compat-cleanup"));
    Options o = Options.parse(args);
    String version = starterVersion();
    Path appResults = o.results.resolve(o.name);
    AppRunner.deleteTree(appResults);
    Files.createDirectories(appResults);
    Files.createDirectories(o.work);
    log("%s: starter %s:%s:%s; results in %s", o.name, AppRunner.STARTER_GROUP, AppRunner.STARTER_ARTIFACT, version,
        appResults);

    Map<Boolean, Path> archives = new HashMap<>();
    Map<Boolean, String> buildFailures = new HashMap<>();
    List<Report.VariantRun> runs = new ArrayList<>();
    List<Action> plan = null;
    List<PageResult> referenceRows = null;
    String reference = o.variants.get(0).name();
    for (Variant variant : o.variants) {
      boolean on = variant.bulwark();
      String flavour = on ? "bulwark" : "bare";
      if (!archives.containsKey(on) && !buildFailures.containsKey(on)) {
        log("%s: building the %s copy", o.name, flavour);
        try {
          archives.put(on, AppRunner.build(o.checkout, o.module, o.work.resolve(o.name + "-" + flavour), on, version,
              o.mavenArgs, appResults.resolve("build-" + flavour + ".log")));
        } catch (IllegalStateException e) {
          buildFailures.put(on, e.getMessage());
          log("%s: %s", o.name, e.getMessage());
        }
      }
      if (buildFailures.containsKey(on)) {
        runs.add(new Report.VariantRun(variant, Optional.of(buildFailures.get(on)), 0, List.of()));
        continue;
      }
      Path dir = Files.createDirectories(appResults.resolve(variant.name()));
      log("%s: starting variant %s (%s)", o.name, variant.name(), variant.describe());
      long start = System.nanoTime();
      AppRunner.Running app;
      try {
        app = AppRunner.start(archives.get(on), variant, o.appArgs, o.seeds.get(0), dir.resolve("app.log"),
            Duration.ofSeconds(o.startTimeout));
      } catch (IllegalStateException e) {
        log("%s: variant %s did not start", o.name, variant.name());
        runs.add(new Report.VariantRun(variant, Optional.of(e.getMessage()), 0, List.of()));
        continue;
      }
      double startSeconds = (System.nanoTime() - start) / 1e9;
      List<PageResult> rows;
      Endpoints.Read reports = Endpoints.Read.NONE;
      try (app; Walker walker = new Walker(o.chromium, o.chromedriver, app.origin(), dir.resolve("screenshots"),
          1280, 1024, o.settleMillis)) {
        rows = plan == null ? walker.discover(o.seeds, o.max) : walker.replay(plan);
        if (on) {
          // Browsers post CSP reports within a fraction of a second; let the last page's arrive.
          Thread.sleep(2000);
          reports = Endpoints.read(app.origin(), o.actuator, dir);
        }
      }
      if (plan == null) {
        plan = rows.stream().map(PageResult::action).toList();
        referenceRows = rows;
      } else {
        rows = withDiffs(rows, referenceRows, appResults.resolve(reference).resolve("screenshots"),
            dir.resolve("screenshots"), o.tolerance);
      }
      Report.VariantRun run = new Report.VariantRun(variant, Optional.empty(), startSeconds, rows, reports.adoption(),
          reports.readiness(), reports.note());
      runs.add(run);
      Files.writeString(dir.resolve("report.md"), Report.variantMarkdown(o.name, run, reference));
      log("%s: variant %s walked %d rows", o.name, variant.name(), rows.size());
    }

    StringBuilder md = new StringBuilder();
    md.append("## ").append(o.name).append("\n\nCheckout: `").append(o.checkout).append("`")
        .append(o.module.isEmpty() ? "" : ", module `" + o.module + "`").append("; starter ")
        .append(version).append(".\n\n").append(Report.summaryMarkdown(o.name, runs, reference)).append('\n');
    for (Report.VariantRun run : runs) {
      Path variantReport = appResults.resolve(run.variant().name()).resolve("report.md");
      md.append(Files.exists(variantReport) ? Files.readString(variantReport)
          : Report.variantMarkdown(o.name, run, reference)).append('\n');
    }
    md.append(Report.predictionsMarkdown(o.name, runs)).append('\n');
    Files.writeString(appResults.resolve("report.md"), md.toString());
    Files.writeString(appResults.resolve("report.json"),
        new Json().toJson(Report.json(o.name, o.checkout.toString(), plan == null ? List.of() : plan, runs)));
    System.out.print(Report.summaryMarkdown(o.name, runs, reference));
    log("%s: wrote %s and report.json", o.name, appResults.resolve("report.md"));
    return runs.stream().allMatch(r -> r.failure().isEmpty()) ? 0 : 1;
  }

  private static List<PageResult> withDiffs(List<PageResult> rows, List<PageResult> reference, Path referenceShots,
      Path shots, int tolerance) throws IOException {
    List<PageResult> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      PageResult row = rows.get(i);
      String refShot = i < reference.size() ? reference.get(i).screenshot() : "";
      if (row.screenshot().isEmpty() || refShot.isEmpty()) {
        out.add(row);
        continue;
      }
      out.add(row.withDiff(PixelDiff.percentDifferent(Files.readAllBytes(shots.resolve(row.screenshot())),
          Files.readAllBytes(referenceShots.resolve(refShot)), tolerance)));
    }
    return out;
  }

  static String starterVersion() throws IOException {
    try (InputStream in = Main.class.getResourceAsStream("compat.properties")) {
      Properties p = new Properties();
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      return p.getProperty("bulwark.version");
    }
  }

  private static void log(String format, Object... args) {
    System.err.printf("[compat] " + format + "%n", args);
  }

  /** The parsed command line. */
  static final class Options {
    Path checkout;
    String name;
    String module = "";
    Path results = Path.of("/tmp/bulwark-compat/results");
    Path work = Path.of("/tmp/bulwark-compat/work");
    Path variantsDir = Path.of("compat/variants");
    List<String> seeds = new ArrayList<>();
    String actuator = "/actuator";
    int max = 40;
    List<String> mavenArgs = new ArrayList<>();
    List<String> appArgs = new ArrayList<>();
    long settleMillis = 1000;
    int tolerance = 8;
    long startTimeout = 180;
    Path chromium = Path.of("/usr/bin/chromium");
    Path chromedriver = Path.of("/usr/bin/chromedriver");
    List<Variant> variants = new ArrayList<>();

    static Options parse(String[] args) {
      Options o = new Options();
      List<String> specs = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (!a.startsWith("--")) {
          if (o.checkout == null) {
            o.checkout = Path.of(a).toAbsolutePath().normalize();
          } else {
            specs.add(a);
          }
          continue;
        }
        if (a.equals("--offline")) {
          o.mavenArgs.add("-o");
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--name" -> o.name = v;
          case "--module" -> o.module = v;
          case "--results" -> o.results = Path.of(v).toAbsolutePath();
          case "--work" -> o.work = Path.of(v).toAbsolutePath();
          case "--variants-dir" -> o.variantsDir = Path.of(v).toAbsolutePath();
          case "--seed" -> o.seeds.add(v);
          case "--actuator" -> o.actuator = v.startsWith("/") ? v.replaceAll("/+$", "") : "/" + v.replaceAll("/+$", "");
          case "--max" -> o.max = positive(a, v);
          case "--mvn-arg" -> o.mavenArgs.add(v);
          case "--app-arg" -> o.appArgs.add(v);
          case "--settle" -> o.settleMillis = positive(a, v);
          case "--tolerance" -> o.tolerance = Integer.parseInt(v);
          case "--start-timeout" -> o.startTimeout = positive(a, v);
          case "--chromium" -> o.chromium = Path.of(v);
          case "--chromedriver" -> o.chromedriver = Path.of(v);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (o.checkout == null) {
        throw new IllegalArgumentException("no checkout given");
      }
      if (!Files.isRegularFile(o.checkout.resolve(o.module).resolve("pom.xml"))) {
        throw new IllegalArgumentException("no pom.xml in " + o.checkout.resolve(o.module) + " (Maven applications only)");
      }
      if (o.name == null) {
        o.name = o.checkout.getFileName().toString();
      }
      if (o.seeds.isEmpty()) {
        o.seeds.add("/");
      }
      if (specs.isEmpty()) {
        specs = List.of("bare", "default");
      }
      for (String spec : specs) {
        Variant variant = Variant.parse(spec, o.variantsDir);
        if (o.variants.stream().anyMatch(x -> x.name().equals(variant.name()))) {
          throw new IllegalArgumentException("variant " + variant.name() + " given twice");
        }
        variant.properties().filter(p -> !Files.isRegularFile(p)).ifPresent(p -> {
          throw new IllegalArgumentException("variant " + variant.name() + ": no file " + p);
        });
        o.variants.add(variant);
      }
      // The reference (bare when it is run) goes first: it discovers the pages the others replay.
      o.variants.stream().filter(v -> v.name().equals("bare")).findFirst().ifPresent(bare -> {
        o.variants.remove(bare);
        o.variants.add(0, bare);
      });
      return o;
    }

    private static int positive(String option, String value) {
      try {
        int n = Integer.parseInt(value);
        if (n <= 0) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " takes a positive number, not " + value);
      }
    }
  }
}
