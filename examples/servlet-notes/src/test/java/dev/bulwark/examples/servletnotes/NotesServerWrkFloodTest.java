package dev.bulwark.examples.servletnotes;

import static dev.bulwark.examples.notes.NotesClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.bulwark.examples.notes.PrometheusText;
import dev.bulwark.servlet.Http;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.LoggerFactory;

/**
 * The address flood at full size, over real HTTP: {@code wrk} (Debian package) sends {@code
 * flood.requests} GETs, each from an address never seen before in a trusted proxy's {@code
 * X-Forwarded-For}, to the servlet example with the local store's default {@code max-keys}
 * (100,000; {@code flood.max-keys} overrides). Off unless that property is set: {@code
 * benchmarks/run-flood.sh http} runs it. It prints the heap, the keys tracked and the rate as it
 * goes, and checks every answer was a 200, the store kept at most {@code max-keys} clients, the
 * heap retained after a full GC grew by less than {@code flood.max-growth-mib} (default
 * 200) and a normal request still succeeds.
 */
@EnabledIfSystemProperty(named = "flood.requests", matches = "[0-9]+")
class NotesServerWrkFloodTest {

  private static final String LUA =
      """
      -- Every request from an address never used before: thread t sends addresses t, t+T, t+2T...
      -- of 10.0.0.0/8 then 11.0.0.0/8. Each thread stops after its share of the answers.
      -- id is a global: setup() sets it in each thread's environment after this chunk ran there.
      local threads, counter, answers, limit = 1, 0, 0, 0
      id = 0
      local next_id = 0
      function setup(thread)
        thread:set("id", next_id)
        next_id = next_id + 1
      end
      function init(args)
        limit = tonumber(args[1])
        threads = tonumber(args[2])
      end
      function request()
        local i = id + counter * threads
        counter = counter + 1
        local address = (10 + math.floor(i / 16777216)) .. "." .. (math.floor(i / 65536) % 256) .. "."
          .. (math.floor(i / 256) % 256) .. "." .. (i % 256)
        return wrk.format("GET", "/static/app.css", {["X-Forwarded-For"] = address}, nil)
      end
      function response(status, headers, body)
        answers = answers + 1
        if answers == limit then
          io.write("THREAD-DONE\\n")
          io.flush()
          wrk.thread:stop()
        end
      end
      function done(summary, latency, requests)
        io.write(string.format("RESULT %d %d %d %f\\n", summary.requests, summary.errors.status,
          summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
          summary.duration / 1e6))
      end
      """;

  private static final Pattern RESULT = Pattern.compile("RESULT (\\d+) (\\d+) (\\d+) (\\S+)");

  private static long retainedHeap() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (now >= used) {
        break;
      }
      used = now;
    }
    return used;
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%,.1f MiB", bytes / 1048576.0);
  }

  @Test
  void distinctAddressesFromATrustedProxyKeepTheStoreAndTheHeapBounded() throws Exception {
    long requests = Long.getLong("flood.requests");
    int maxKeys = Integer.getInteger("flood.max-keys", 100_000);
    long maxGrowth = Long.getLong("flood.max-growth-mib", 200) << 20;
    int threads = 2;
    Logger access = (Logger) LoggerFactory.getLogger("notes.access");
    Level accessLevel = access.getLevel();
    // Ten million access-log lines would measure the disk, not Bulwark.
    access.setLevel(Level.WARN);
    System.setProperty("bulwark.client-ip.trusted-proxies", "127.0.0.1/32");
    System.setProperty("bulwark.rate-limit.max-keys", Integer.toString(maxKeys));
    NotesServer server;
    try {
      server = NotesServer.start(0, name -> null);
    } finally {
      System.clearProperty("bulwark.client-ip.trusted-proxies");
      System.clearProperty("bulwark.rate-limit.max-keys");
    }
    List<String> report = new ArrayList<>();
    try (server) {
      URI metrics = URI.create("http://localhost:" + server.port() + "/metrics");
      long baseline = retainedHeap();
      report.add(String.format(Locale.ROOT, "flood of %,d requests, max-keys %,d, -Xmx %s, baseline retained heap %s",
          requests, maxKeys, mib(Runtime.getRuntime().maxMemory()), mib(baseline)));
      Path lua = Files.createTempFile("flood", ".lua");
      Files.writeString(lua, LUA);
      long perThread = (requests + threads - 1) / threads;
      Process wrk =
          new ProcessBuilder("wrk", "-t" + threads, "-c32", "-d24h", "-s", lua.toString(),
                  "http://127.0.0.1:" + server.port() + "/static/app.css", "--", Long.toString(perThread), Integer.toString(threads))
              .redirectErrorStream(true)
              .start();
      long start = System.nanoTime();
      int finished = 0;
      Matcher result = null;
      Thread watcher = new Thread(() -> {
        try {
          while (wrk.isAlive()) {
            Thread.sleep(30_000);
            String scrape = Http.get(metrics).body();
            System.out.printf(Locale.ROOT, "[address flood, wrk] %.0f s: heap in use %s, keys tracked %,.0f, requests allowed %,.0f%n",
                (System.nanoTime() - start) / 1e9, mib(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()),
                PrometheusText.sum(scrape, "bulwark_ratelimit_local_keys", "rule=\"global\""),
                PrometheusText.sum(scrape, "bulwark_ratelimit_decisions_total", "rule=\"global\"", "outcome=\"allowed\""));
          }
        } catch (Exception e) {
          // The run is over or the app cannot be scraped: the assertions below tell which.
        }
      }, "flood-watcher");
      watcher.setDaemon(true);
      watcher.start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(wrk.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.equals("THREAD-DONE") && ++finished == threads) {
            // Every thread has its answers; wrk would otherwise sleep out its duration.
            new ProcessBuilder("kill", "-INT", Long.toString(wrk.pid())).start().waitFor();
          }
          Matcher matcher = RESULT.matcher(line);
          if (matcher.find()) {
            result = matcher;
          }
        }
      }
      assertThat(wrk.waitFor(1, TimeUnit.MINUTES)).isTrue();
      assertThat(result).as("wrk reported its summary").isNotNull();
      long sent = Long.parseLong(result.group(1));
      double seconds = Double.parseDouble(result.group(4));
      report.add(String.format(Locale.ROOT, "%,d requests in %.0f s (%,.0f/s), %s non-2xx, %s socket errors",
          sent, seconds, sent / seconds, result.group(2), result.group(3)));
      String scrape = Http.get(metrics).body();
      double keys = PrometheusText.sum(scrape, "bulwark_ratelimit_local_keys", "rule=\"static\"");
      long retained = retainedHeap();
      report.add(String.format(Locale.ROOT, "after: keys tracked %,.0f, retained heap %s (growth %s, %,.0f bytes per tracked key)",
          keys, mib(retained), mib(retained - baseline), (retained - baseline) / Math.max(1, keys)));
      report.forEach(line -> System.out.println("[address flood, wrk] " + line));

      assertThat(sent).isGreaterThanOrEqualTo(requests);
      assertThat(result.group(2)).as("answers other than 2xx").isEqualTo("0");
      assertThat(result.group(3)).as("socket errors").isEqualTo("0");
      assertThat(keys).as("clients tracked by rule static (the flood fetches a static file)").isBetween(1.0, (double) maxKeys);
      assertThat(retained - baseline).as("retained heap growth").isLessThan(maxGrowth);
      assertThat(Http.get(URI.create("http://localhost:" + server.port() + "/api/notes"), "Authorization", basic("alice"),
              "X-Forwarded-For", "198.51.100.1").statusCode())
          .as("a normal request after the flood").isEqualTo(200);
    } finally {
      access.setLevel(accessLevel);
    }
  }
}
