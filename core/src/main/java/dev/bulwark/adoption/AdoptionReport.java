package dev.bulwark.adoption;

import dev.bulwark.core.Mode;
import dev.bulwark.events.SecurityEvent;
import dev.bulwark.headers.CspViolation;
import dev.bulwark.http.Exchange;
import dev.bulwark.http.RefusalObserver;
import dev.bulwark.http.Verdict;
import dev.bulwark.internal.Json;
import dev.bulwark.problem.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What enforcing would change, aggregated while Bulwark observes ({@code bulwark.mode=observe}):
 * the refusals it let through, grouped by protection, reason and route; the CSP violations browsers
 * reported, grouped by directive, what was blocked and page; and the headers it withholds. Each
 * group says the setting that allows it or the change to make in the application. Served as JSON
 * by the hosts (the readiness report's access rules apply) and logged as a summary at intervals.
 *
 * <p>Any client can add entries, so the report is bounded: at most {@value #MAX_GROUPS} groups of
 * each kind; what does not fit is only counted. Thread-safe, and cheap on the request path (one map
 * lookup and one counter per observation).
 */
public final class AdoptionReport implements RefusalObserver {

  /** The most groups of refusals, and of CSP violations, kept. */
  public static final int MAX_GROUPS = 500;

  private static final Logger LOG = LoggerFactory.getLogger("dev.bulwark.adoption");
  private static final int LOGGED_GROUPS = 10;

  /** A header observe mode does not send, and the value enforcing sends. */
  public record WithheldHeader(String name, String value) {}

  private static final class Group {
    final Map<String, Object> fields;
    final String advice;
    final LongAdder count = new LongAdder();
    volatile String sample = "";

    Group(Map<String, Object> fields, String advice) {
      this.fields = fields;
      this.advice = advice;
    }
  }

  private final Mode mode;
  private final List<WithheldHeader> withheld;
  private final ConcurrentHashMap<List<String>, Group> refusals = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<List<String>, Group> violations = new ConcurrentHashMap<>();
  private final LongAdder ungrouped = new LongAdder();
  private final long intervalNanos;
  private final AtomicLong nextLog;
  private final LongAdder sinceLog = new LongAdder();

  /**
   * @param mode the mode Bulwark runs in
   * @param withheld the headers observe mode does not send
   * @param logInterval how often at most the summary is logged while something new is observed
   */
  public AdoptionReport(Mode mode, List<WithheldHeader> withheld, Duration logInterval) {
    this.mode = mode;
    this.withheld = List.copyOf(withheld);
    this.intervalNanos = logInterval.toNanos();
    // The first summary comes a minute after start (an application without an endpoint to read
    // the report from shows something soon), then at most once per interval.
    this.nextLog = new AtomicLong(System.nanoTime() + Math.min(intervalNanos, Duration.ofMinutes(1).toNanos()));
  }

  @Override
  public void wouldRefuse(Exchange exchange, Verdict verdict) {
    String protection = protection(verdict);
    String reason = reason(verdict);
    String method = safeMethod(exchange);
    String route = Routes.template(exchange.path());
    Group group =
        group(
            refusals,
            List.of(protection, reason, method, route),
            () -> {
              Map<String, Object> fields = new LinkedHashMap<>();
              fields.put("protection", protection);
              fields.put("reason", reason);
              fields.put("status", verdict.status());
              fields.put("method", method);
              fields.put("route", route);
              return new Group(fields, Advice.forRefusal(protection, reason));
            });
    if (group != null) {
      group.count.increment();
    }
    observed();
  }

  /** Adds a CSP violation a browser reported (in either mode). */
  public void cspViolation(CspViolation violation) {
    String page = Routes.template(violation.page());
    Group group =
        group(
            violations,
            List.of(violation.directive(), violation.blocked(), page),
            () -> {
              Map<String, Object> fields = new LinkedHashMap<>();
              fields.put("directive", violation.directive());
              fields.put("blocked", violation.blocked());
              fields.put("page", page);
              return new Group(fields, Advice.forViolation(violation));
            });
    if (group != null) {
      group.count.increment();
      if (group.sample.isEmpty() && !violation.sample().isEmpty()) {
        group.sample = violation.sample();
      }
    }
    observed();
  }

  private Group group(ConcurrentHashMap<List<String>, Group> groups, List<String> key, java.util.function.Supplier<Group> make) {
    Group group = groups.get(key);
    if (group != null) {
      return group;
    }
    if (groups.size() >= MAX_GROUPS) {
      ungrouped.increment();
      return null;
    }
    return groups.computeIfAbsent(key, k -> make.get());
  }

  private void observed() {
    sinceLog.increment();
    long due = nextLog.get();
    long now = System.nanoTime();
    if (now - due >= 0 && nextLog.compareAndSet(due, now + intervalNanos)) {
      LOG.info("{}", summary());
      sinceLog.reset();
    }
  }

  /** The report as a JSON-ready document. */
  public Map<String, Object> toMap() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
    body.put(
        "enforce",
        mode == Mode.OBSERVE
            ? "Remove bulwark.mode (or set it to enforce) once every entry below is allowed or fixed."
            : "Bulwark enforces; refusals are not listed here (see the security event meters).");
    body.put("refusals", rows(refusals));
    body.put("cspViolations", rows(violations));
    List<Map<String, Object>> headers = new ArrayList<>();
    for (WithheldHeader header : withheld) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("header", header.name());
      row.put("enforcedValue", header.value());
      row.put("advice", "Sent once Bulwark enforces; set bulwark.headers." + property(header.name()) + " to change or remove it.");
      headers.add(row);
    }
    body.put("withheldHeaders", headers);
    body.put("notGrouped", ungrouped.sum());
    return body;
  }

  private static List<Map<String, Object>> rows(Map<List<String>, Group> groups) {
    List<Map<String, Object>> rows = new ArrayList<>();
    List<Group> sorted = new ArrayList<>(groups.values());
    sorted.sort(Comparator.comparingLong((Group g) -> g.count.sum()).reversed());
    for (Group group : sorted) {
      Map<String, Object> row = new LinkedHashMap<>(group.fields);
      row.put("count", group.count.sum());
      if (!group.sample.isEmpty()) {
        row.put("sample", group.sample);
      }
      row.put("advice", group.advice);
      rows.add(row);
    }
    return rows;
  }

  /** The report as JSON. */
  public String toJson() {
    StringBuilder out = new StringBuilder(1024);
    Json.value(out, toMap());
    return out.toString();
  }

  /** A few lines for the log: counts and the largest groups, each with its advice. */
  public String summary() {
    StringBuilder out = new StringBuilder("Bulwark adoption report (")
        .append(mode.name().toLowerCase(java.util.Locale.ROOT))
        .append(" mode): ")
        .append(refusals.size())
        .append(" kinds of refusal and ")
        .append(violations.size())
        .append(" kinds of CSP violation so far");
    if (mode == Mode.OBSERVE) {
      out.append("; enforcing would change:");
    }
    int shown = 0;
    for (Map<String, Object> row : rows(refusals)) {
      if (shown++ == LOGGED_GROUPS) {
        break;
      }
      out.append("\n  would refuse ").append(row.get("status")).append(' ').append(row.get("method")).append(' ')
          .append(row.get("route")).append(" (").append(row.get("protection")).append(": ").append(row.get("reason"))
          .append(") x").append(row.get("count")).append(". ").append(row.get("advice"));
    }
    shown = 0;
    for (Map<String, Object> row : rows(violations)) {
      if (shown++ == LOGGED_GROUPS) {
        break;
      }
      out.append("\n  CSP ").append(row.get("directive")).append(" blocks ").append(row.get("blocked")).append(" on ")
          .append(row.get("page")).append(" x").append(row.get("count")).append(". ").append(row.get("advice"));
    }
    if (!withheld.isEmpty()) {
      out.append("\n  headers withheld until enforce: ")
          .append(String.join(", ", withheld.stream().map(WithheldHeader::name).toList()));
    }
    return out.toString();
  }

  private static String protection(Verdict verdict) {
    if (verdict.kind() == Verdict.Kind.ANSWER) {
      return "https-redirect";
    }
    SecurityEvent event = verdict.event();
    if (event == null) {
      return "request-limits";
    }
    return switch (event) {
      case HOST_REJECTED -> "host";
      case RATE_LIMITED -> "rate-limit";
      case ADDRESS_BLOCKED -> "blocklist";
      case CORS_REJECTED -> "cors";
      case CROSS_SITE_BLOCKED -> "cross-site";
      default -> "request-limits";
    };
  }

  private static String reason(Verdict verdict) {
    Problem problem = verdict.problem();
    if (problem == null) {
      return "plain-http";
    }
    if (problem.extensions().get("policy") instanceof String rule) {
      return rule;
    }
    String type = problem.type();
    return type.startsWith(Problem.TYPE_PREFIX) ? type.substring(Problem.TYPE_PREFIX.length()) : type;
  }

  private static String safeMethod(Exchange exchange) {
    try {
      String method = exchange.method();
      return method != null && method.length() <= 16 && method.chars().allMatch(c -> c >= 'A' && c <= 'Z') ? method : "?";
    } catch (RuntimeException e) {
      return "?";
    }
  }

  private static String property(String header) {
    return switch (header) {
      case "Content-Security-Policy" -> "csp.html-policy";
      case "Strict-Transport-Security" -> "hsts.enabled";
      default -> header.toLowerCase(java.util.Locale.ROOT).replaceFirst("^x-", "");
    };
  }
}
