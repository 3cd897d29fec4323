package dev.bulwark.ratelimit;

import dev.bulwark.events.SecurityEvent;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.headers.HeaderWriter;
import dev.bulwark.http.Exchange;
import dev.bulwark.http.Stage;
import dev.bulwark.http.Verdict;
import dev.bulwark.internal.LogThrottle;
import dev.bulwark.net.Cidr;
import dev.bulwark.net.ClientAddresses;
import dev.bulwark.net.ClientInfo;
import dev.bulwark.path.PathPattern;
import dev.bulwark.problem.Problem;
import dev.bulwark.ratelimit.internal.CompiledRule;
import dev.bulwark.ratelimit.internal.ConcurrencyLimit;
import dev.bulwark.ratelimit.internal.PresentedCredentials;
import dev.bulwark.ratelimit.internal.SecretHashes;
import dev.bulwark.ratelimit.spi.RateLimitStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate limiting for HTTP requests, over one {@link RateLimiter}. Three phases share it: the
 * pipeline stage ({@link #apply}) applies the blocklist, the per-client concurrency cap and the
 * rules keyed by address or header, before anything else costly; {@link #admitSignedIn} applies
 * the rules keyed by the signed-in user, after the application's authentication; {@link
 * #admitRule} applies one handler's own rule (Spring's {@code @RateLimited}). Rules that count only
 * some responses reserve their tokens before the request and settle when the exchange ends.
 */
public final class RateLimitPolicy implements Stage {

  private static final Logger LOG = LoggerFactory.getLogger("dev.bulwark.ratelimit");
  private static final LogThrottle VERIFIER_LOG = LogThrottle.tenPerMinute();

  private final RateLimitConfig config;
  private final Cidr[] safelist;
  private final Cidr[] blocklist;
  private final CompiledRule[] early;
  private final CompiledRule[] late;
  private final boolean responseHeaders;
  private final boolean legacyHeaders;
  private final int ipv6Prefix;
  private final SecurityEvents events;
  private final LogThrottle shadowLog = LogThrottle.tenPerMinute();
  // Only with a limiter: it needs Caffeine, which a light class path without rate limiting lacks.
  private volatile PresentedCredentials credentials;
  private final ConcurrencyLimit concurrency;
  private volatile RateLimiter limiter;
  private volatile Map<String, CompiledRule> handlerRules = Map.of();
  private volatile PathPattern[] exempt = new PathPattern[0];
  private volatile RateLimitKeyVerifier verifier;

  private RateLimitPolicy(RateLimitConfig config, int ipv6Prefix, SecurityEvents events, RateLimitStore store) {
    this.config = config;
    this.safelist = config.safelist().stream().map(Cidr::of).toArray(Cidr[]::new);
    this.blocklist = config.enabled() ? config.blocklist().stream().map(Cidr::of).toArray(Cidr[]::new) : new Cidr[0];
    this.limiter = !config.enabled() ? null : store == null ? RateLimiter.compile(config) : RateLimiter.compile(config, store);
    List<CompiledRule> rules = limiter == null ? List.of() : limiter.rules();
    this.early = rules.stream().filter(r -> !r.key().needsPrincipal()).toArray(CompiledRule[]::new);
    this.late = rules.stream().filter(r -> r.key().needsPrincipal()).toArray(CompiledRule[]::new);
    this.responseHeaders = config.responseHeaders();
    this.legacyHeaders = config.legacyHeaders();
    this.ipv6Prefix = ipv6Prefix;
    this.events = events;
    this.credentials = limiter == null ? null : credentials(config);
    this.concurrency = new ConcurrencyLimit(config.maxConcurrentRequests());
    for (CompiledRule rule : rules) {
      LOG.info(
          "Rate limit rule '{}': {} keyed by {}{}{}",
          rule.name(),
          rule.bucket().limits(),
          rule.key(),
          rule.shadow() ? " (SHADOW: reports, does not refuse)" : "",
          rule.key().needsPrincipal() ? ", checked after authentication" : "");
    }
  }

  private static PresentedCredentials credentials(RateLimitConfig config) {
    // Remembered as long as the longest failure window, so a credential is re-proven at least that often.
    return new PresentedCredentials(config.maxKeys(), Duration.ofMinutes(10));
  }

  /**
   * Compiles the configured rules, lists and caps. With rate limiting off, no phase refuses
   * anything, but handler rules may still be added.
   *
   * @param ipv6Prefix the network prefix IPv6 clients are keyed by
   * @param events where store fallbacks and shadow refusals are counted
   */
  public static RateLimitPolicy compile(RateLimitConfig config, int ipv6Prefix, SecurityEvents events) {
    return new RateLimitPolicy(config, ipv6Prefix, events, null);
  }

  /**
   * Compiles as {@link #compile(RateLimitConfig, int, SecurityEvents)}, over a store the host
   * opened itself (such as the Redis store over the application's own client); {@code null} opens
   * the configured one. The policy's limiter closes the store.
   */
  public static RateLimitPolicy compile(RateLimitConfig config, int ipv6Prefix, SecurityEvents events, RateLimitStore store) {
    return new RateLimitPolicy(config, ipv6Prefix, events, store);
  }

  /** Returns the limiter, or {@code null} when rate limiting is off and no handler has a rule. */
  public RateLimiter limiter() {
    return limiter;
  }

  /** Returns whether {@code bulwark.rate-limit} is on (handlers' own rules apply either way). */
  public boolean enabled() {
    return config.enabled();
  }

  /** Returns whether some rule needs the signed-in user, and so a phase after authentication. */
  public boolean hasLateRules() {
    return late.length > 0;
  }

  /** Returns the names of the handlers' own rules, in the order added. */
  public List<String> handlerRules() {
    return List.copyOf(handlerRules.keySet());
  }

  /**
   * Adds handlers' own rules (Spring's {@code @RateLimited}) to the same limiter and store, checked
   * only through {@link #admitRule}. Called once at start-up.
   *
   * @throws IllegalArgumentException if a name is taken
   */
  public synchronized void addHandlerRules(List<RateLimitRule> rules) {
    if (rules.isEmpty()) {
      return;
    }
    RateLimiter current = limiter;
    if (current == null) {
      // Rate limiting is off, but handlers asked for their own rules; the blocklist stays off.
      current = RateLimiter.compile(RateLimitConfig.from(config).enabled(true).blocklist().rules(rules.toArray(RateLimitRule[]::new)).build());
      this.credentials = credentials(config);
    } else {
      current.addRules(rules);
    }
    Map<String, CompiledRule> byName = new java.util.LinkedHashMap<>(handlerRules);
    for (RateLimitRule rule : rules) {
      byName.put(rule.name(), current.rule(rule.name()));
    }
    this.handlerRules = byName;
    this.limiter = current;
  }

  /**
   * Uses a verifier for header keys: a header value it does not recognise keys no bucket of its
   * own. Called at start-up.
   */
  public void useKeyVerifier(RateLimitKeyVerifier verifier) {
    this.verifier = verifier;
  }

  /** Returns the verifier for header keys, or {@code null}. */
  public RateLimitKeyVerifier keyVerifier() {
    return verifier;
  }

  /**
   * Exempts paths from rate limiting and the penalty box (the blocklist still applies): health and
   * its probes, which an orchestrator calls from an address it may share with clients, and which
   * must never be refused because someone else misbehaved there. Called at start-up.
   */
  public synchronized void exempt(List<String> patterns) {
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

  /** The first phase: the blocklist, the concurrency cap, and the rules keyed by address or header. */
  @Override
  public Verdict apply(Exchange exchange) {
    if (!config.enabled()) {
      return Verdict.CONTINUE;
    }
    ClientInfo client = exchange.client();
    if (ClientAddresses.inAny(client.address(), blocklist)) {
      return Verdict.refuse(addressBlocked(), SecurityEvent.ADDRESS_BLOCKED);
    }
    if (ClientAddresses.inAny(client.address(), safelist) || isExempt(exchange.path())) {
      return Verdict.CONTINUE;
    }
    Ticket ticket = new Ticket();
    String clientKey = ticket.ipKey(client, ipv6Prefix);
    if (!concurrency.tryEnter(clientKey)) {
      exchange.headers().set("Retry-After", "1");
      return Verdict.refuse(tooManyInProgress(), SecurityEvent.RATE_LIMITED);
    }
    ticket.inProgress = clientKey;
    exchange.onComplete(ticket);
    return check(exchange, early, ticket, null);
  }

  /**
   * The phase after authentication: the rules keyed by the signed-in user.
   *
   * @param principal the signed-in user's name, or {@code null} (the rule's next key source applies)
   */
  public Verdict admitSignedIn(Exchange exchange, String principal) {
    if (late.length == 0
        || ClientAddresses.inAny(exchange.client().address(), safelist)
        || isExempt(exchange.path())) {
      return Verdict.CONTINUE;
    }
    Ticket ticket = new Ticket();
    exchange.onComplete(ticket);
    return check(exchange, late, ticket, principal);
  }

  /**
   * One handler's own rule, whatever its paths say.
   *
   * @param rule the rule's name, as added with {@link #addHandlerRules}
   * @param principal the signed-in user's name, or {@code null}
   */
  public Verdict admitRule(Exchange exchange, String rule, String principal) {
    CompiledRule compiled = handlerRules.get(rule);
    if (compiled == null) {
      throw new IllegalArgumentException("no handler rate-limit rule named '" + rule + "'");
    }
    if (ClientAddresses.inAny(exchange.client().address(), safelist)) {
      return Verdict.CONTINUE;
    }
    Ticket ticket = new Ticket();
    RateLimitDecision decision = limiter.tryConsume(compiled, key(compiled, exchange, ticket, principal), compiled.cost());
    note(decision, compiled, exchange);
    if (decision.refused()) {
      return refuse(exchange.headers(), compiled, decision, compiled.policyField());
    }
    if (responseHeaders) {
      writeFields(exchange.headers(), compiled.policyField(), decision, new CompiledRule[] {compiled});
    }
    return Verdict.CONTINUE;
  }

  private Verdict check(Exchange exchange, CompiledRule[] rules, Ticket ticket, String principal) {
    RateLimiter limiter = this.limiter;
    String method = exchange.method();
    String path = exchange.path();
    // First every matching rule's key and ask, then one decision for them all: with Redis, one
    // round trip per request however many rules apply.
    int count = 0;
    CompiledRule[] matched = null;
    String[] keys = null;
    long[] tokens = null;
    RateLimiter.Ask[] asks = null;
    for (CompiledRule rule : rules) {
      if (!rule.matches(method, path)) {
        continue;
      }
      if (matched == null) {
        matched = new CompiledRule[rules.length];
        keys = new String[rules.length];
        tokens = new long[rules.length];
        asks = new RateLimiter.Ask[rules.length];
      }
      String key = key(rule, exchange, ticket, principal);
      RateLimiter.Ask ask;
      if (!rule.countsResponses()) {
        ask = RateLimiter.Ask.CONSUME;
      } else if (!rule.countsOnlyCredentials()
          || ticket.presentsCredentials(exchange) && !credentials.knownGood(ticket.credentialHash(exchange))) {
        ask = RateLimiter.Ask.RESERVE;
      } else {
        // Nothing to reserve. Without credentials the request cannot fail them, unless the
        // application reports a failed sign-in (a form login), which the settling then counts. A
        // credential accepted recently is still counted if it fails now, but takes no reservation,
        // so a client's concurrent requests with its own password are not refused while others
        // are in flight.
        ask = RateLimiter.Ask.CHECK_BLOCK;
      }
      matched[count] = rule;
      keys[count] = key;
      tokens[count] = rule.cost();
      asks[count] = ask;
      count++;
    }
    if (count == 0) {
      return Verdict.CONTINUE;
    }
    List<RateLimitDecision> decisions = limiter.decide(matched, keys, tokens, asks, count);
    RateLimitDecision tightest = null;
    StringBuilder policies = null;
    for (int i = 0; i < decisions.size(); i++) {
      CompiledRule rule = matched[i];
      RateLimitDecision decision = decisions.get(i);
      if (asks[i] != RateLimiter.Ask.CONSUME) {
        ticket.add(rule, keys[i], asks[i] == RateLimiter.Ask.RESERVE && decision.outcome() == RateLimitDecision.Outcome.ALLOWED);
      }
      note(decision, rule, exchange);
      if (decision.refused()) {
        return refuse(exchange.headers(), rule, decision, rule.policyField());
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
      writeFields(exchange.headers(), policies.toString(), tightest, rules);
    }
    return Verdict.CONTINUE;
  }

  private void note(RateLimitDecision decision, CompiledRule rule, Exchange exchange) {
    if (decision.degraded()) {
      events.record(SecurityEvent.STORE_FALLBACK);
    }
    if (decision.outcome() == RateLimitDecision.Outcome.SHADOW_REJECTED) {
      events.record(SecurityEvent.RATE_LIMITED_SHADOW);
      if (shadowLog.tryAcquire()) {
        LOG.info(
            "Rate limit rule '{}' (shadow) would have refused a request to {} {}", rule.name(), exchange.method(), exchange.path());
      }
    }
  }

  /**
   * What a phase reserved, to settle once the status is known: a counted response keeps the tokens
   * reserved before it (or takes them) and feeds the penalty box; any other gives them back.
   */
  private final class Ticket implements Exchange.Completion {
    private final List<CompiledRule> rules = new ArrayList<>(2);
    private final List<String> keys = new ArrayList<>(2);
    private final List<Boolean> reserved = new ArrayList<>(2);
    private String inProgress;
    private String ipKey;
    // The request's Authorization, judged and hashed at most once however many rules ask.
    private Boolean credential;
    private String credentialHash;

    void add(CompiledRule rule, String key, boolean tokensTaken) {
      rules.add(rule);
      keys.add(key);
      reserved.add(tokensTaken);
    }

    /**
     * Whether the request presents a credential of its own in {@code Authorization} (a scheme and
     * a token; for Basic, a user and a password): only such a request can fail one. A bare scheme
     * is no credential, and a session cookie is not counted: it was issued by this application,
     * and an expired one is not a guess.
     */
    boolean presentsCredentials(Exchange exchange) {
      if (credential == null) {
        credential = PresentedCredentials.isCredential(exchange.view().header("Authorization"));
      }
      return credential;
    }

    /** The hash of the request's credential; call only when it presents one. */
    String credentialHash(Exchange exchange) {
      if (credentialHash == null) {
        credentialHash = SecretHashes.of(exchange.view().header("Authorization"));
      }
      return credentialHash;
    }

    /** The address key, built once per request however many rules use it. */
    String ipKey(ClientInfo client, int ipv6Prefix) {
      if (ipKey == null) {
        // IPv6 clients are keyed by their network prefix (one customer usually holds a whole /64),
        // and transition addresses (NAT64, 6to4, Teredo...) by the IPv4 address they carry.
        ipKey = "ip:" + ClientAddresses.key(client.address(), ipv6Prefix);
      }
      return ipKey;
    }

    @Override
    public void complete(Exchange exchange, int status) {
      if (inProgress != null) {
        concurrency.exit(inProgress);
      }
      int count = rules.size();
      if (count == 0) {
        return;
      }
      CompiledRule[] settled = rules.toArray(new CompiledRule[0]);
      String[] settledKeys = keys.toArray(new String[0]);
      boolean[] counted = new boolean[count];
      boolean[] tokensTaken = new boolean[count];
      boolean any = false;
      for (int i = 0; i < count; i++) {
        CompiledRule rule = settled[i];
        tokensTaken[i] = reserved.get(i);
        counted[i] = counts(rule, exchange, status);
        any |= counted[i] || tokensTaken[i];
        if (rule.countsOnlyCredentials() && presentsCredentials(exchange)) {
          if (counted[i]) {
            credentials.failed(credentialHash(exchange));
          } else if (status < 400) {
            credentials.accepted(credentialHash(exchange));
          }
        }
      }
      if (any) {
        RateLimitPolicy.this.limiter.settle(settled, settledKeys, counted, tokensTaken, count);
      }
    }

    private boolean counts(CompiledRule rule, Exchange exchange, int status) {
      if (!rule.countsOnlyCredentials()) {
        return rule.counts(status);
      }
      if (exchange.credentialsRefused()) {
        return true;
      }
      return rule.counts(status) && presentsCredentials(exchange);
    }
  }

  private Verdict refuse(HeaderWriter headers, CompiledRule rule, RateLimitDecision decision, String policies) {
    headers.set("Retry-After", Long.toString(decision.retryAfterSeconds()));
    headers.set("RateLimit-Policy", policies);
    headers.set("RateLimit", RateLimitFields.rateLimit(decision));
    if (legacyHeaders) {
      legacy(headers, rule, decision);
    }
    return Verdict.refuse(RateLimitFields.quotaExceeded(decision), SecurityEvent.RATE_LIMITED);
  }

  private void writeFields(HeaderWriter headers, String policies, RateLimitDecision decision, CompiledRule[] rules) {
    headers.set("RateLimit-Policy", policies);
    headers.set("RateLimit", RateLimitFields.rateLimit(decision));
    if (legacyHeaders) {
      for (CompiledRule rule : rules) {
        if (rule.name().equals(decision.rule())) {
          legacy(headers, rule, decision);
        }
      }
    }
  }

  private static void legacy(HeaderWriter headers, CompiledRule rule, RateLimitDecision decision) {
    headers.set("X-RateLimit-Limit", Long.toString(rule.smallestCapacity()));
    headers.set("X-RateLimit-Remaining", Long.toString(decision.remaining()));
    headers.set("X-RateLimit-Reset", Long.toString(decision.resetSeconds()));
  }

  /** Resolves a rule's key; the chain always ends in the address, so it never comes back empty. */
  private String key(CompiledRule rule, Exchange exchange, Ticket ticket, String principal) {
    for (KeySpec.Source source : rule.key().sources()) {
      switch (source.kind()) {
        case PRINCIPAL -> {
          if (principal != null && !principal.isEmpty()) {
            return "u:" + principal;
          }
        }
        case HEADER -> {
          String value = exchange.view().header(source.header());
          if (value != null && !value.isBlank() && recognised(source.header(), value)) {
            // Header values such as API keys are secrets: only a hash of them is ever stored.
            return "h:" + SecretHashes.of(value);
          }
        }
        case IP -> {
          return ticket.ipKey(exchange.client(), ipv6Prefix);
        }
      }
    }
    return ticket.ipKey(exchange.client(), ipv6Prefix);
  }

  /**
   * Whether a header value may key its own bucket: always, unless the application registered a
   * verifier for the header; then only a value it recognises, so values a client invents fall
   * through to the next source and, at the end of the chain, to its address.
   */
  private boolean recognised(String header, String value) {
    RateLimitKeyVerifier verifier = this.verifier;
    if (verifier == null || !verifier.covers(header)) {
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
