package dev.bulwark.servlet.internal;

import dev.bulwark.events.SecurityEvent;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.internal.LogThrottle;
import dev.bulwark.net.Cidr;
import dev.bulwark.net.ClientAddresses;
import dev.bulwark.net.ClientInfo;
import dev.bulwark.path.PathPattern;
import dev.bulwark.problem.Problem;
import dev.bulwark.ratelimit.KeySpec;
import dev.bulwark.ratelimit.RateLimitConfig;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimitFields;
import dev.bulwark.ratelimit.RateLimitKeyVerifier;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.ratelimit.internal.CompiledRule;
import dev.bulwark.ratelimit.internal.ConcurrencyLimit;
import dev.bulwark.ratelimit.internal.PresentedCredentials;
import dev.bulwark.ratelimit.internal.SecretHashes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate limiting for HTTP requests. Rules keyed by address or header run in {@code BulwarkFilter},
 * before anything else costly; rules that need the signed-in user run in a second filter placed
 * after authentication. Both share one {@link RateLimiter}.
 */
public final class RateLimiting {

  /** The request attribute under which the filter leaves the resolved client for later phases. */
  public static final String CLIENT_ATTRIBUTE = "dev.bulwark.client";

  /** The request attribute under which the filter leaves the request's header state. */
  public static final String STATE_ATTRIBUTE = "dev.bulwark.state";

  /**
   * The servlet context attribute that holds the application's {@link RateLimitKeyVerifier} (the
   * servlet initializer's from {@code META-INF/services}, the Spring starter's from its beans).
   */
  public static final String KEY_VERIFIER_ATTRIBUTE = "dev.bulwark.ratelimit.keyVerifier";

  private static final Logger LOG = LoggerFactory.getLogger("dev.bulwark.ratelimit");
  private static final LogThrottle VERIFIER_LOG = LogThrottle.tenPerMinute();

  private final RateLimiter limiter;
  private final Cidr[] safelist;
  private final Cidr[] blocklist;
  private final CompiledRule[] early;
  private final CompiledRule[] late;
  private final boolean responseHeaders;
  private final boolean legacyHeaders;
  private final int ipv6Prefix;
  private final SecurityEvents events;
  private final LogThrottle shadowLog = LogThrottle.tenPerMinute();

  /** The request attribute that marks a request whose credentials the application refused. */
  public static final String CREDENTIALS_REFUSED_ATTRIBUTE = "dev.bulwark.credentialsRefused";

  /** What the check before the chain needs to remember for the response. */
  public static final class Ticket {
    private final List<CompiledRule> rules = new ArrayList<>(2);
    private final List<String> keys = new ArrayList<>(2);
    private final List<Boolean> reserved = new ArrayList<>(2);
    private String inProgress;
    private boolean settled;
    // The request's Authorization, judged and hashed at most once however many rules ask.
    private Boolean credential;
    private String credentialHash;

    private void add(CompiledRule rule, String key, boolean tokensTaken) {
      rules.add(rule);
      keys.add(key);
      reserved.add(tokensTaken);
    }
  }

  private volatile PathPattern[] exempt = new PathPattern[0];
  private final PresentedCredentials credentials;
  private final ConcurrencyLimit concurrency;

  private RateLimiting(RateLimitConfig config, RateLimiter limiter, int ipv6Prefix, SecurityEvents events) {
    this.limiter = limiter;
    this.safelist = config.safelist().stream().map(Cidr::of).toArray(Cidr[]::new);
    this.blocklist = config.blocklist().stream().map(Cidr::of).toArray(Cidr[]::new);
    this.early = limiter.rules().stream().filter(r -> !r.key().needsPrincipal()).toArray(CompiledRule[]::new);
    this.late = limiter.rules().stream().filter(r -> r.key().needsPrincipal()).toArray(CompiledRule[]::new);
    this.responseHeaders = config.responseHeaders();
    this.legacyHeaders = config.legacyHeaders();
    this.ipv6Prefix = ipv6Prefix;
    this.events = events;
    // Remembered as long as the longest failure window, so a credential is re-proven at least that often.
    this.credentials = new PresentedCredentials(config.maxKeys(), java.time.Duration.ofMinutes(10));
    this.concurrency = new ConcurrencyLimit(config.maxConcurrentRequests());
    for (CompiledRule rule : limiter.rules()) {
      LOG.info(
          "Rate limit rule '{}': {} keyed by {}{}{}",
          rule.name(),
          rule.bucket().limits(),
          rule.key(),
          rule.shadow() ? " (SHADOW: reports, does not refuse)" : "",
          rule.key().needsPrincipal() ? ", checked after authentication" : "");
    }
  }

  /**
   * Returns a stage over a limiter whose rules each belong to one handler (Spring's
   * {@code @RateLimited}); checked one rule at a time with {@link #checkRule}.
   */
  public static RateLimiting forHandlers(RateLimitConfig config, RateLimiter limiter, int ipv6Prefix, SecurityEvents events) {
    return new RateLimiting(config, limiter, ipv6Prefix, events);
  }

  /**
   * Checks one rule for a request, whatever its paths say. Returns {@code false} when the request
   * was refused and answered here.
   */
  public boolean checkRule(CompiledRule rule, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!(request.getAttribute(CLIENT_ATTRIBUTE) instanceof ClientInfo client)) {
      return true;
    }
    if (ClientAddresses.inAny(client.address(), safelist)) {
      return true;
    }
    RateLimitDecision decision = limiter.tryConsume(rule, key(rule, request, client, new String[1]), rule.cost());
    if (decision.degraded()) {
      events.record(SecurityEvent.STORE_FALLBACK);
    }
    if (decision.outcome() == RateLimitDecision.Outcome.SHADOW_REJECTED) {
      events.record(SecurityEvent.RATE_LIMITED_SHADOW);
    }
    RequestState state = request.getAttribute(STATE_ATTRIBUTE) instanceof RequestState s ? s : null;
    if (decision.refused()) {
      events.record(SecurityEvent.RATE_LIMITED);
      refuse(request, response, rule, decision, rule.policyField(), state);
      return false;
    }
    if (responseHeaders) {
      writeFields(response, rule.policyField(), decision, new CompiledRule[] {rule});
    }
    return true;
  }

  /** Returns the stage for a configuration, or {@code null} when rate limiting is off. */
  public static RateLimiting create(RateLimitConfig config, int ipv6Prefix, SecurityEvents events) {
    if (!config.enabled()) {
      return null;
    }
    return new RateLimiting(config, RateLimiter.compile(config), ipv6Prefix, events);
  }

  /**
   * Exempts paths from rate limiting and the penalty box (the blocklist still applies): health and
   * its probes, which an orchestrator calls from an address it may share with clients, and which
   * must never be refused because someone else misbehaved there. Called once at start-up.
   */
  public void exempt(List<String> patterns) {
    List<PathPattern> all = new ArrayList<>(List.of(exempt));
    for (String pattern : patterns) {
      all.add(PathPattern.of(pattern));
      LOG.info("Rate limiting and the penalty box exempt {}", pattern);
    }
    this.exempt = all.toArray(PathPattern[]::new);
  }

  /** Returns whether a path is exempt from rate limiting. */
  public boolean isExempt(String path) {
    return PathPattern.anyMatches(exempt, path);
  }

  /**
   * Returns whether a request presents a credential of its own in {@code Authorization} (a scheme
   * and a token; for Basic, a user and a password): only such a request can fail one. A bare
   * scheme is no credential, and a session cookie is not counted: it was issued by this
   * application, and an expired one is not a guess.
   */
  private static boolean presentsCredentials(Ticket ticket, HttpServletRequest request) {
    if (ticket.credential == null) {
      ticket.credential = PresentedCredentials.isCredential(request.getHeader("Authorization"));
    }
    return ticket.credential;
  }

  /** The hash of the request's credential; call only when it presents one. */
  private static String credentialHash(Ticket ticket, HttpServletRequest request) {
    if (ticket.credentialHash == null) {
      ticket.credentialHash = SecretHashes.of(request.getHeader("Authorization"));
    }
    return ticket.credentialHash;
  }

  /** Returns the limiter, for programmatic use and metrics. */
  public RateLimiter limiter() {
    return limiter;
  }

  /** Returns whether some rule needs the signed-in user and so a filter after authentication. */
  public boolean hasLateRules() {
    return late.length > 0;
  }

  /**
   * Checks a request. Returns {@code null} and writes a 429 (or 403 for a blocked address) when it
   * is refused; otherwise returns the ticket to hand to {@link #after}.
   */
  public Ticket before(
      HttpServletRequest request,
      HttpServletResponse response,
      ClientInfo client,
      String path,
      boolean latePhase,
      RequestState state)
      throws IOException {
    if (!latePhase && ClientAddresses.inAny(client.address(), blocklist)) {
      events.record(SecurityEvent.ADDRESS_BLOCKED);
      ProblemResponses.write(request, response, addressBlocked(), state);
      return null;
    }
    if (ClientAddresses.inAny(client.address(), safelist)) {
      return new Ticket();
    }
    if (isExempt(path)) {
      return new Ticket();
    }
    CompiledRule[] rules = latePhase ? late : early;
    String method = request.getMethod();
    Ticket ticket = new Ticket();
    String[] ipKey = new String[1];
    if (!latePhase) {
      String clientKey = ipKey(client, ipKey);
      if (!concurrency.tryEnter(clientKey)) {
        events.record(SecurityEvent.RATE_LIMITED);
        response.setHeader("Retry-After", "1");
        ProblemResponses.write(request, response, tooManyInProgress(), state);
        return null;
      }
      ticket.inProgress = clientKey;
    }
    RateLimitDecision tightest = null;
    StringBuilder policies = null;
    for (CompiledRule rule : rules) {
      if (!rule.matches(method, path)) {
        continue;
      }
      String key = key(rule, request, client, ipKey);
      RateLimitDecision decision;
      if (!rule.countsResponses()) {
        decision = limiter.tryConsume(rule, key, rule.cost());
      } else if (!rule.countsOnlyCredentials()
          || presentsCredentials(ticket, request) && !credentials.knownGood(credentialHash(ticket, request))) {
        decision = limiter.reserve(rule, key, rule.cost());
        ticket.add(rule, key, decision.outcome() == RateLimitDecision.Outcome.ALLOWED);
      } else {
        // Nothing to reserve. Without credentials the request cannot fail them, unless the
        // application reports a failed sign-in (a form login), which after() then counts. A
        // credential accepted recently is still counted if it fails now, but takes no reservation,
        // so a client's concurrent requests with its own password are not refused while others
        // are in flight.
        decision = limiter.checkBlock(rule, key);
        ticket.add(rule, key, false);
      }
      if (decision.degraded()) {
        events.record(SecurityEvent.STORE_FALLBACK);
      }
      if (decision.outcome() == RateLimitDecision.Outcome.SHADOW_REJECTED) {
        events.record(SecurityEvent.RATE_LIMITED_SHADOW);
        if (shadowLog.tryAcquire()) {
          LOG.info("Rate limit rule '{}' (shadow) would have refused a request to {} {}", rule.name(), method, path);
        }
      }
      if (decision.refused()) {
        events.record(SecurityEvent.RATE_LIMITED);
        after(ticket, request, 429);
        refuse(request, response, rule, decision, rule.policyField(), state);
        return null;
      }
      // Rules that count only failures stay out of the fields until they refuse: a client that
      // behaves should read its request quota there, not its remaining failures.
      if (!rule.countsResponses()) {
        if (policies == null) {
          policies = new StringBuilder(rule.policyField());
        } else {
          policies.append(", ").append(rule.policyField());
        }
        if (tightest == null || decision.remaining() < tightest.remaining()) {
          tightest = decision;
        }
      }
    }
    if (tightest != null && responseHeaders) {
      writeFields(response, policies.toString(), tightest, rules);
    }
    return ticket;
  }

  /**
   * Settles the rules that count only some responses: a counted response keeps the tokens reserved
   * before it (or takes them) and feeds the penalty box; any other gives them back.
   */
  public void after(Ticket ticket, HttpServletRequest request, int status) {
    // Once only, whichever path ends the request: a second settling would give tokens back twice.
    if (ticket.settled) {
      return;
    }
    ticket.settled = true;
    if (ticket.inProgress != null) {
      concurrency.exit(ticket.inProgress);
    }
    for (int i = 0; i < ticket.rules.size(); i++) {
      CompiledRule rule = ticket.rules.get(i);
      boolean reserved = ticket.reserved.get(i);
      boolean counted = counts(rule, ticket, request, status);
      if (counted) {
        limiter.recordCounted(rule, ticket.keys.get(i), reserved);
      } else if (reserved) {
        limiter.release(rule, ticket.keys.get(i), rule.cost());
      }
      if (rule.countsOnlyCredentials() && presentsCredentials(ticket, request)) {
        if (counted) {
          credentials.failed(credentialHash(ticket, request));
        } else if (status < 400) {
          credentials.accepted(credentialHash(ticket, request));
        }
      }
    }
  }

  private static boolean counts(CompiledRule rule, Ticket ticket, HttpServletRequest request, int status) {
    if (!rule.countsOnlyCredentials()) {
      return rule.counts(status);
    }
    if (request.getAttribute(CREDENTIALS_REFUSED_ATTRIBUTE) != null) {
      return true;
    }
    return rule.counts(status) && presentsCredentials(ticket, request);
  }

  private void refuse(
      HttpServletRequest request,
      HttpServletResponse response,
      CompiledRule rule,
      RateLimitDecision decision,
      String policies,
      RequestState state)
      throws IOException {
    response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
    response.setHeader("RateLimit-Policy", policies);
    response.setHeader("RateLimit", RateLimitFields.rateLimit(decision));
    if (legacyHeaders) {
      legacy(response, rule, decision);
    }
    ProblemResponses.write(request, response, RateLimitFields.quotaExceeded(decision), state);
  }

  private void writeFields(HttpServletResponse response, String policies, RateLimitDecision decision, CompiledRule[] rules) {
    response.setHeader("RateLimit-Policy", policies);
    response.setHeader("RateLimit", RateLimitFields.rateLimit(decision));
    if (legacyHeaders) {
      for (CompiledRule rule : rules) {
        if (rule.name().equals(decision.rule())) {
          legacy(response, rule, decision);
        }
      }
    }
  }

  private static void legacy(HttpServletResponse response, CompiledRule rule, RateLimitDecision decision) {
    response.setHeader("X-RateLimit-Limit", Long.toString(rule.smallestCapacity()));
    response.setHeader("X-RateLimit-Remaining", Long.toString(decision.remaining()));
    response.setHeader("X-RateLimit-Reset", Long.toString(decision.resetSeconds()));
  }

  /** Resolves a rule's key; the chain always ends in the address, so it never comes back empty. */
  String key(CompiledRule rule, HttpServletRequest request, ClientInfo client, String[] ipKey) {
    for (KeySpec.Source source : rule.key().sources()) {
      switch (source.kind()) {
        case PRINCIPAL -> {
          Principal principal = request.getUserPrincipal();
          if (principal != null && principal.getName() != null && !principal.getName().isEmpty()) {
            return "u:" + principal.getName();
          }
        }
        case HEADER -> {
          String value = request.getHeader(source.header());
          if (value != null && !value.isBlank() && recognised(request, source.header(), value)) {
            // Header values such as API keys are secrets: only a hash of them is ever stored.
            return "h:" + SecretHashes.of(value);
          }
        }
        case IP -> {
          return ipKey(client, ipKey);
        }
      }
    }
    return ipKey(client, ipKey);
  }

  /**
   * Whether a header value may key its own bucket: always, unless the application registered a
   * verifier for the header; then only a value it recognises, so values a client invents fall
   * through to the next source and, at the end of the chain, to its address.
   */
  private static boolean recognised(HttpServletRequest request, String header, String value) {
    if (!(request.getServletContext().getAttribute(KEY_VERIFIER_ATTRIBUTE) instanceof RateLimitKeyVerifier verifier)
        || !verifier.covers(header)) {
      return true;
    }
    try {
      return verifier.recognises(header, value);
    } catch (RuntimeException e) {
      // A failing verifier must not fail the request; the address bucket still bounds the client.
      if (VERIFIER_LOG.tryAcquire()) {
        LOG.warn("RateLimitKeyVerifier {} failed; the value is treated as unrecognised", verifier.getClass().getName(), e);
      }
      return false;
    }
  }

  /** The address key, built once per request however many rules use it. */
  private String ipKey(ClientInfo client, String[] memo) {
    String key = memo[0];
    if (key == null) {
      key = "ip:" + addressKey(client.address());
      memo[0] = key;
    }
    return key;
  }

  /**
   * IPv6 clients are keyed by their network prefix (one customer usually holds a whole /64), and
   * transition addresses (NAT64, 6to4, Teredo...) by the IPv4 address they carry.
   */
  String addressKey(String address) {
    return ClientAddresses.key(address, ipv6Prefix);
  }

  private static Problem tooManyInProgress() {
    return Problem.of(
        "too-many-concurrent-requests",
        "Too Many Requests",
        429,
        "This client has too many requests in progress; retry after 1 second.");
  }

  private static Problem addressBlocked() {
    return Problem.of("address-blocked", "Address blocked", 403, "Requests from this network are not accepted.");
  }
}
