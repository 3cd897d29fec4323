package dev.bulwark.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Proves over real HTTP that one user cannot read, change, delete or list another user's objects
 * (OWASP API1, broken object level authorisation), and fails with a table of every endpoint that
 * leaked.
 *
 * <pre>{@code
 * CrossUserAccess.at(URI.create("http://localhost:" + port))
 *     .owner("alice", Credentials.basic("alice", alicePassword))
 *     .intruder("bob", Credentials.basic("bob", bobPassword), Allowed.CREATE)
 *     .intruder("admin", Credentials.basic("admin", adminPassword), Allowed.READ, Allowed.LIST)
 *     .create("/api/notes", "{\"title\":\"{marker}\"}")
 *     .read("/api/notes/{id}")
 *     .change("/api/notes/{id}", "{\"title\":\"{marker}\"}")
 *     .delete("/api/notes/{id}")
 *     .list("/api/notes")
 *     .hidesExistence()
 *     .verify();
 * }</pre>
 *
 * <p>{@link #verify()} first creates an object as the owner with a unique marker string in it, then
 * sends every endpoint as every intruder. Unless the intruder is {@linkplain Allowed allowed} the
 * action, each of these is a leak:
 *
 * <ul>
 *   <li>a 2xx answer to a read, change, delete or create;
 *   <li>any answer other than a refusal: 403, 404 or 401 (401 counts as refused, because the
 *       request got nowhere; but an intruder that gets nothing but 401 never got past
 *       authentication and proved nothing, which fails the check too unless it was added with
 *       {@link #anonymous()});
 *   <li>the marker in any answer to an intruder, of any status (an error body that quotes the
 *       object leaks as much as a 200), or in a header;
 *   <li>the marker in an intruder's list;
 *   <li>the owner's object changed or gone afterwards: the owner reads it again after every
 *       change and delete attempt and compares the body, so a write that is carried out and then
 *       answered with 404 is caught too;
 *   <li>with {@link #hidesExistence()}: a refusal that differs from the answer about an object
 *       that does not exist, in status, media type or body (ignoring {@link #ignoringFields
 *       per-request members} such as {@code requestId}), for intruders that may neither read nor
 *       list the object, who must not learn that it exists.
 * </ul>
 *
 * <p>The helper cannot pass vacuously: before attacking, it checks as the owner that the object's
 * read endpoints answer 2xx with the marker, that every list shows it, that every change endpoint
 * changes an object of the owner's and every delete endpoint deletes one. A mistyped path or a body
 * the application rejects therefore fails the check instead of passing as "refused". Declared
 * permissions are checked as well: an intruder allowed to read must be able to.
 *
 * <p>Objects the owner created are deleted afterwards when a delete endpoint is configured. A
 * builder is used by one test at a time; {@code verify()} may be called again and runs afresh.
 */
public final class CrossUserAccess {

  private static final Set<Integer> REFUSALS = Set.of(401, 403, 404);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ANONYMOUS = "(anonymous)";

  private final URI base;
  private HttpClient client;
  private Duration timeout = Duration.ofSeconds(10);
  private Party owner;
  private final List<Party> intruders = new ArrayList<>();
  private Endpoint create;
  private CreatedId createdId = CreatedId.locationOrJsonField("id");
  private final List<Endpoint> reads = new ArrayList<>();
  private final List<Endpoint> changes = new ArrayList<>();
  private final List<Endpoint> deletes = new ArrayList<>();
  private final List<Endpoint> lists = new ArrayList<>();
  private boolean hidesExistence;
  private String unknownId;
  private Set<String> ignoredFields = Set.of("requestId", "instance", "timestamp", "traceId");

  private CrossUserAccess(URI base) {
    this.base = Objects.requireNonNull(base, "base");
    if (!base.isAbsolute()) {
      throw new IllegalArgumentException("the base URI must be absolute, such as http://localhost:8080: " + base);
    }
  }

  /** Starts a check against an application listening at {@code base}, such as {@code http://localhost:8080}. */
  public static CrossUserAccess at(URI base) {
    return new CrossUserAccess(base);
  }

  /**
   * The user whose objects are attacked.
   *
   * @param name shown in the report
   * @param credentials adds what identifies the user to a request, such as {@link Credentials#basic}
   */
  public CrossUserAccess owner(String name, UnaryOperator<HttpRequest.Builder> credentials) {
    this.owner = new Party(name, credentials, Set.of(), false);
    return this;
  }

  /**
   * Adds a user who must not get at the owner's objects beyond what {@code allowed} says. An
   * ordinary user who may create objects of their own is declared with {@link Allowed#CREATE}; a
   * read-only administrator with {@link Allowed#READ} and {@link Allowed#LIST}.
   *
   * @param name shown in the report
   * @param credentials adds what identifies the user to a request, such as {@link Credentials#basic}
   * @param allowed what this user may do; each is checked to work, everything else to be refused
   */
  public CrossUserAccess intruder(String name, UnaryOperator<HttpRequest.Builder> credentials, Allowed... allowed) {
    Set<Allowed> permissions = EnumSet.noneOf(Allowed.class);
    permissions.addAll(Arrays.asList(allowed));
    intruders.add(new Party(name, credentials, permissions, false));
    return this;
  }

  /**
   * Adds a caller without credentials, who must be refused everything. Unlike an intruder, it is
   * expected to get only 401s.
   */
  public CrossUserAccess anonymous() {
    intruders.add(new Party(ANONYMOUS, Credentials.none(), Set.of(), true));
    return this;
  }

  /**
   * How the owner creates an object: {@code POST path} with a JSON body that contains {@code
   * {marker}}. The new object's id is taken from the {@code Location} header, or else from the
   * answer's {@code id} member.
   */
  public CrossUserAccess create(String path, String jsonTemplate) {
    return create(Endpoint.post(path, jsonTemplate), CreatedId.locationOrJsonField("id"));
  }

  /**
   * How the owner creates an object, with any method and body; the body must contain {@code
   * {marker}}, which must show up when the owner reads the object back.
   *
   * @param endpoint the create endpoint
   * @param id where the new object's id is in the answer
   */
  public CrossUserAccess create(Endpoint endpoint, CreatedId id) {
    Objects.requireNonNull(endpoint, "endpoint");
    if (endpoint.body() == null || !endpoint.body().contains(Endpoint.MARKER)) {
      throw new IllegalArgumentException(
          "the create body must contain " + Endpoint.MARKER + ", so that leaks of the object's content can be recognised");
    }
    this.create = endpoint;
    this.createdId = Objects.requireNonNull(id, "id");
    return this;
  }

  /**
   * Adds {@code GET path} as a way to read one object; the path contains {@code {id}}. The first
   * read endpoint must show the marker to the owner and is used to see whether the object changed.
   */
  public CrossUserAccess read(String path) {
    return read(Endpoint.get(path));
  }

  /** Adds a way to read one object; the path contains {@code {id}}. */
  public CrossUserAccess read(Endpoint endpoint) {
    reads.add(requireId(endpoint));
    return this;
  }

  /**
   * Adds {@code PUT path} with a JSON body as a way to change one object; the path contains {@code
   * {id}}, and a {@code {marker}} in the body becomes a marker of the sender's.
   */
  public CrossUserAccess change(String path, String jsonBody) {
    return change(Endpoint.put(path, jsonBody));
  }

  /** Adds a way to change one object, such as a {@link Endpoint#patch PATCH}; the path contains {@code {id}}. */
  public CrossUserAccess change(Endpoint endpoint) {
    changes.add(requireId(endpoint));
    return this;
  }

  /** Adds {@code DELETE path} as a way to delete one object; the path contains {@code {id}}. */
  public CrossUserAccess delete(String path) {
    return delete(Endpoint.delete(path));
  }

  /** Adds a way to delete one object; the path contains {@code {id}}. */
  public CrossUserAccess delete(Endpoint endpoint) {
    deletes.add(requireId(endpoint));
    return this;
  }

  /**
   * Adds {@code GET path} as a list of objects; it must show the owner's object to the owner (ask
   * for a page large enough, such as {@code /api/notes?size=1000}).
   */
  public CrossUserAccess list(String path) {
    return list(Endpoint.get(path));
  }

  /** Adds a list of objects, such as a search with a body. */
  public CrossUserAccess list(Endpoint endpoint) {
    lists.add(Objects.requireNonNull(endpoint, "endpoint"));
    return this;
  }

  /**
   * Also requires that an intruder who may neither read nor list the owner's object cannot tell it
   * from one that does not exist: every refusal must equal the answer for an unknown id. The
   * unknown id is that of an object the owner created and deleted, so a delete endpoint is needed;
   * otherwise use {@link #hidesExistence(String)}.
   */
  public CrossUserAccess hidesExistence() {
    this.hidesExistence = true;
    this.unknownId = null;
    return this;
  }

  /** Like {@link #hidesExistence()}, comparing with the answers for this id, which must not exist. */
  public CrossUserAccess hidesExistence(String unknownId) {
    this.hidesExistence = true;
    this.unknownId = Objects.requireNonNull(unknownId, "unknownId");
    return this;
  }

  /**
   * JSON members whose values change from request to request and are ignored when comparing
   * bodies; by default {@code requestId}, {@code instance}, {@code timestamp} and {@code traceId}.
   * Replaces the defaults.
   */
  public CrossUserAccess ignoringFields(String... members) {
    this.ignoredFields = Set.copyOf(Arrays.asList(members));
    return this;
  }

  /**
   * The client to send with, for TLS settings, client certificates or a cookie handler; by default
   * an HTTP/1.1 client that does not follow redirects (a redirect is not a refusal).
   */
  public CrossUserAccess client(HttpClient client) {
    this.client = Objects.requireNonNull(client, "client");
    return this;
  }

  /** How long to wait for each answer; 10 seconds by default. */
  public CrossUserAccess timeout(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /**
   * Runs the check.
   *
   * @return every request made and its outcome, when nothing leaked
   * @throws AssertionError with a table of the failures when anything leaked, a declared
   *     permission did not work, or the owner's own requests failed so that nothing could be proved
   * @throws IllegalStateException when the check is incompletely described
   * @throws UncheckedIOException when the application cannot be reached
   */
  public AccessReport verify() {
    validate();
    HttpClient http =
        client != null
            ? client
            : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    AccessReport report = new Run(http).execute();
    if (!report.passed()) {
      throw new AssertionError(report.failureMessage());
    }
    return report;
  }

  private void validate() {
    if (owner == null) {
      throw new IllegalStateException("name the owner: owner(name, credentials)");
    }
    if (intruders.isEmpty()) {
      throw new IllegalStateException("add at least one intruder: intruder(name, credentials, allowed...)");
    }
    if (create == null) {
      throw new IllegalStateException("say how the owner creates an object: create(path, jsonTemplate)");
    }
    if (reads.isEmpty()) {
      throw new IllegalStateException(
          "add at least one read endpoint: it shows whether the owner's object leaked, changed or disappeared");
    }
    if (hidesExistence && unknownId == null && deletes.isEmpty()) {
      throw new IllegalStateException("hidesExistence() needs a delete endpoint to make an unknown id; or pass one");
    }
    Set<String> names = new LinkedHashSet<>();
    names.add(owner.name());
    for (Party intruder : intruders) {
      if (!names.add(intruder.name())) {
        throw new IllegalStateException("every user needs a name of its own: " + intruder.name());
      }
    }
  }

  private static Endpoint requireId(Endpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    if (!endpoint.hasId()) {
      throw new IllegalArgumentException("the path must contain " + Endpoint.ID + ": " + endpoint);
    }
    return endpoint;
  }

  private static String newMarker() {
    byte[] bytes = new byte[10];
    RANDOM.nextBytes(bytes);
    // Letters and digits only, so that no encoding (JSON, HTML, URL) changes it on the way back.
    return "bwmark" + HexFormat.of().formatHex(bytes);
  }

  private static boolean is2xx(HttpResponse<?> response) {
    return response.statusCode() / 100 == 2;
  }

  /** A user and what it may do. */
  private record Party(String name, UnaryOperator<HttpRequest.Builder> credentials, Set<Allowed> allowed, boolean anonymous) {
    Party {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(credentials, "credentials");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a user needs a name");
      }
    }

    boolean may(Allowed action) {
      return allowed.contains(action);
    }
  }

  /** Thrown when the owner's own requests fail so that nothing further can be checked. */
  private static final class SetupFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SetupFailed() {
      super(null, null, false, false);
    }
  }

  /** The owner's object under attack: its id and how it reads back to the owner. */
  private record Target(String id, String baseline) {}

  /** One run of {@link #verify()}. */
  private final class Run {
    private final HttpClient http;
    private final String marker = newMarker();
    private final String intruderMarker = newMarker();
    private final Pattern ignored;
    private final List<AccessReport.Check> checks = new ArrayList<>();
    private final List<String> created = new ArrayList<>();
    private final String ownerLabel = owner.name() + " (owner)";
    private Target target;
    private String missingId = unknownId;

    Run(HttpClient http) {
      this.http = http;
      String names = ignoredFields.stream().map(Pattern::quote).collect(Collectors.joining("|"));
      this.ignored =
          ignoredFields.isEmpty()
              ? null
              : Pattern.compile("(\"(?:" + names + ")\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\]\\s]+)");
    }

    AccessReport execute() {
      try {
        ownerControls();
        for (Party intruder : intruders) {
          attack(intruder);
        }
      } catch (SetupFailed e) {
        // The checks so far explain what went wrong; nothing more can be proved.
      } finally {
        cleanUp();
      }
      return new AccessReport(owner.name(), marker, checks);
    }

    // ---- the owner's controls: make sure every endpoint works, so that refusals mean something

    private void ownerControls() {
      target = newTarget(true);
      Endpoint primary = reads.get(0);
      for (Endpoint read : reads.subList(1, reads.size())) {
        HttpResponse<String> response = send(owner, read, target().id(), marker);
        List<String> problems = new ArrayList<>();
        if (!is2xx(response)) {
          problems.add("setup: the owner's own read answered " + response.statusCode() + ", so refusals here prove nothing");
        }
        record(ownerLabel, "READ", response, problems);
      }
      HttpResponse<String> again = send(owner, primary, target().id(), marker);
      if (!is2xx(again) || !normalise(again.body()).equals(target().baseline())) {
        // Without a stable read, a change made by an intruder could not be told from noise.
        record(ownerLabel, "READ", again, List.of(is2xx(again)
            ? "setup: two reads of the same object differ; name the members that change per request in ignoringFields(...)"
            : "setup: the owner's second read answered " + again.statusCode()));
        throw new SetupFailed();
      }
      for (Endpoint list : lists) {
        HttpResponse<String> response = send(owner, list, target().id(), marker);
        List<String> problems = new ArrayList<>();
        if (!is2xx(response)) {
          problems.add("setup: the owner's own list answered " + response.statusCode() + ", so its absence elsewhere proves nothing");
        } else if (!contains(response.body(), marker)) {
          problems.add("setup: the owner's own list does not show the object, so its absence elsewhere proves nothing");
        }
        record(ownerLabel, "LIST", response, problems);
      }
      for (Endpoint change : changes) {
        Target scratch = newTarget(false);
        HttpResponse<String> response = send(owner, change, scratch.id(), marker);
        List<String> problems = new ArrayList<>();
        if (!is2xx(response)) {
          problems.add("setup: the owner's own change answered " + response.statusCode()
              + " (check the path and body), so refusals here prove nothing");
        }
        record(ownerLabel, "CHANGE", response, problems);
      }
      for (Endpoint delete : deletes) {
        Target scratch = newTarget(false);
        HttpResponse<String> response = send(owner, delete, scratch.id(), marker);
        List<String> problems = new ArrayList<>();
        if (!is2xx(response)) {
          problems.add("setup: the owner's own delete answered " + response.statusCode() + ", so refusals here prove nothing");
        } else if (is2xx(send(owner, primary, scratch.id(), marker))) {
          problems.add("setup: the owner's own delete answered " + response.statusCode() + " but the object is still there");
        } else {
          created.remove(scratch.id());
          if (missingId == null) {
            missingId = scratch.id();
          }
        }
        record(ownerLabel, "DELETE", response, problems);
      }
      if (hidesExistence && missingId == null) {
        throw new SetupFailed();
      }
    }

    /** Creates an object as the owner; the first is the object under attack, read back and remembered. */
    private Target newTarget(boolean recordSuccess) {
      HttpResponse<String> response = send(owner, create, null, marker);
      if (!is2xx(response)) {
        record(ownerLabel, "CREATE", response, List.of(
            "setup: the owner's own create answered " + response.statusCode() + " (check the path, body and credentials)"));
        throw new SetupFailed();
      }
      String id = createdId.from(response);
      if (id == null || id.isBlank()) {
        record(ownerLabel, "CREATE", response, List.of(
            "setup: no id in the create answer (neither the Location header nor the configured member)"));
        throw new SetupFailed();
      }
      created.add(id);
      if (recordSuccess) {
        record(ownerLabel, "CREATE", response, List.of());
      }
      HttpResponse<String> read = send(owner, reads.get(0), id, marker);
      if (!is2xx(read) || !contains(read.body(), marker)) {
        record(ownerLabel, "READ", read, List.of(is2xx(read)
            ? "setup: the owner's own read does not show the marker, so its absence elsewhere proves nothing"
            : "setup: the owner's own read answered " + read.statusCode() + ", so refusals here prove nothing"));
        throw new SetupFailed();
      }
      if (recordSuccess) {
        record(ownerLabel, "READ", read, List.of());
      }
      return new Target(id, normalise(read.body()));
    }

    // ---- the attack

    private void attack(Party intruder) {
      int before = checks.size();
      boolean hidden = hidesExistence && !intruder.may(Allowed.READ) && !intruder.may(Allowed.LIST) && !intruder.anonymous();

      for (Endpoint read : reads) {
        HttpResponse<String> response = send(intruder, read, target().id(), intruderMarker);
        List<String> problems = new ArrayList<>();
        if (intruder.may(Allowed.READ)) {
          if (!is2xx(response)) {
            problems.add("allowed READ but answered " + response.statusCode());
          } else if (read == reads.get(0) && !contains(response.body(), marker)) {
            problems.add("allowed READ but the object's marker is not in the answer");
          }
        } else {
          problems.addAll(refusalProblems(response, "read it"));
          problems.addAll(markerProblems(response));
          if (hidden && REFUSALS.contains(response.statusCode())) {
            problems.addAll(existenceProblems(intruder, read, response));
          }
        }
        record(intruder.name(), "READ", response, problems);
      }

      for (Endpoint list : lists) {
        HttpResponse<String> response = send(intruder, list, target().id(), intruderMarker);
        List<String> problems = new ArrayList<>();
        if (intruder.may(Allowed.LIST)) {
          if (!is2xx(response)) {
            problems.add("allowed LIST but answered " + response.statusCode());
          } else if (!contains(response.body(), marker)) {
            problems.add("allowed LIST but the owner's object is not in the list");
          }
        } else {
          if (!is2xx(response) && !REFUSALS.contains(response.statusCode())) {
            problems.add("answered " + response.statusCode() + ": neither a list nor a refusal (401, 403, 404)");
          }
          if (contains(response.body(), marker)) {
            problems.add("the owner's object is in the list (marker in body)");
          }
          problems.addAll(headerMarkerProblems(response));
        }
        record(intruder.name(), "LIST", response, problems);
      }

      for (Endpoint change : changes) {
        if (intruder.may(Allowed.CHANGE)) {
          Target scratch = newTarget(false);
          HttpResponse<String> response = send(intruder, change, scratch.id(), intruderMarker);
          record(intruder.name(), "CHANGE", response,
              is2xx(response) ? List.of() : List.of("allowed CHANGE but answered " + response.statusCode()));
          continue;
        }
        HttpResponse<String> response = send(intruder, change, target().id(), intruderMarker);
        List<String> problems = new ArrayList<>(refusalProblems(response, "changed it"));
        problems.addAll(markerProblems(response));
        problems.addAll(damage());
        if (hidden && REFUSALS.contains(response.statusCode())) {
          problems.addAll(existenceProblems(intruder, change, response));
        }
        record(intruder.name(), "CHANGE", response, problems);
      }

      for (Endpoint delete : deletes) {
        if (intruder.may(Allowed.DELETE)) {
          Target scratch = newTarget(false);
          HttpResponse<String> response = send(intruder, delete, scratch.id(), intruderMarker);
          List<String> problems = new ArrayList<>();
          if (!is2xx(response)) {
            problems.add("allowed DELETE but answered " + response.statusCode());
          } else if (is2xx(send(owner, reads.get(0), scratch.id(), marker))) {
            problems.add("allowed DELETE and answered " + response.statusCode() + " but the object is still there");
          } else {
            created.remove(scratch.id());
          }
          record(intruder.name(), "DELETE", response, problems);
          continue;
        }
        HttpResponse<String> response = send(intruder, delete, target().id(), intruderMarker);
        List<String> problems = new ArrayList<>(refusalProblems(response, "deleted it"));
        problems.addAll(markerProblems(response));
        problems.addAll(damage());
        if (hidden && REFUSALS.contains(response.statusCode())) {
          problems.addAll(existenceProblems(intruder, delete, response));
        }
        record(intruder.name(), "DELETE", response, problems);
      }

      if (!intruder.may(Allowed.CREATE)) {
        HttpResponse<String> response = send(intruder, create, null, intruderMarker);
        List<String> problems = new ArrayList<>(refusalProblems(response, "created an object"));
        problems.addAll(markerProblems(response));
        record(intruder.name(), "CREATE", response, problems);
      }

      List<AccessReport.Check> own = checks.subList(before, checks.size());
      if (!intruder.anonymous() && !own.isEmpty() && own.stream().allMatch(check -> check.status() == 401)) {
        checks.add(new AccessReport.Check(intruder.name(), "-", "-", "-", 401, List.of(
            "every answer was 401: the credentials were never accepted, so nothing about authorisation was"
                + " proved (check them, or use anonymous() for a caller without any)")));
      }
    }

    private List<String> refusalProblems(HttpResponse<String> response, String what) {
      int status = response.statusCode();
      if (status / 100 == 2) {
        return List.of(what + " (" + status + " instead of a refusal)");
      }
      if (!REFUSALS.contains(status)) {
        return List.of("answered " + status + ", not a refusal (401, 403, 404)");
      }
      return List.of();
    }

    private List<String> markerProblems(HttpResponse<String> response) {
      List<String> problems = new ArrayList<>();
      if (contains(response.body(), marker)) {
        problems.add("marker in body");
      }
      problems.addAll(headerMarkerProblems(response));
      return problems;
    }

    private List<String> headerMarkerProblems(HttpResponse<String> response) {
      List<String> problems = new ArrayList<>();
      for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
        if (header.getValue().stream().anyMatch(value -> contains(value, marker))) {
          problems.add("marker in header " + header.getKey());
        }
      }
      return problems;
    }

    /** Reads the owner's object back as the owner; a changed or missing one is a leak, and a new one replaces it. */
    private List<String> damage() {
      HttpResponse<String> now = send(owner, reads.get(0), target().id(), marker);
      String problem;
      if (!is2xx(now)) {
        created.remove(target.id());
        problem = "the owner's object is gone afterwards (owner's read: " + now.statusCode() + ")";
      } else if (!normalise(now.body()).equals(target().baseline())) {
        problem = "the owner's object was changed";
      } else {
        return List.of();
      }
      // Later checks need an intact object to mean anything: the next one creates a new one.
      target = null;
      return List.of(problem);
    }

    /** The object under attack, created anew after an intruder damaged the last one. */
    private Target target() {
      if (target == null) {
        target = newTarget(false);
      }
      return target;
    }

    private List<String> existenceProblems(Party intruder, Endpoint endpoint, HttpResponse<String> response) {
      HttpResponse<String> missing = send(intruder, endpoint, missingId, intruderMarker);
      if (missing.statusCode() != response.statusCode()) {
        return List.of("tells it exists: " + response.statusCode() + " where an unknown id gets " + missing.statusCode());
      }
      String type = response.headers().firstValue("Content-Type").orElse("");
      String missingType = missing.headers().firstValue("Content-Type").orElse("");
      if (!type.equalsIgnoreCase(missingType)) {
        return List.of("tells it exists: Content-Type " + type + " where an unknown id gets " + missingType);
      }
      if (!normalise(response.body()).equals(normalise(missing.body()))) {
        return List.of("tells it exists: the body differs from an unknown id's");
      }
      return List.of();
    }

    private void cleanUp() {
      if (deletes.isEmpty()) {
        return;
      }
      for (String id : created) {
        try {
          send(owner, deletes.get(0), id, marker);
        } catch (RuntimeException e) {
          // Best effort: a leftover test object is no reason to hide the report.
        }
      }
    }

    // ---- plumbing

    private void record(String user, String action, HttpResponse<String> response, List<String> problems) {
      URI uri = response.request().uri();
      String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      checks.add(new AccessReport.Check(user, action, response.request().method(), path, response.statusCode(), problems));
    }

    private String normalise(String body) {
      if (body == null || ignored == null) {
        return body == null ? "" : body;
      }
      Matcher matcher = ignored.matcher(body);
      return matcher.replaceAll(result -> Matcher.quoteReplacement(result.group(1) + "\"(ignored)\""));
    }

    private HttpResponse<String> send(Party who, Endpoint endpoint, String id, String bodyMarker) {
      URI uri = base.resolve(endpoint.pathFor(id));
      String body = endpoint.bodyWith(bodyMarker);
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(timeout)
              .method(endpoint.method(),
                  body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      if (endpoint.contentType() != null) {
        request.header("Content-Type", endpoint.contentType());
      }
      HttpRequest.Builder withCredentials = who.credentials().apply(request);
      try {
        return http.send((withCredentials == null ? request : withCredentials).build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new UncheckedIOException(endpoint.method() + " " + uri + " as " + who.name() + " failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while checking cross-user access", e);
      }
    }
  }

  private static boolean contains(String text, String marker) {
    return text != null && text.contains(marker);
  }
}
