package dev.bulwark.test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny notes API on the JDK's HTTP server, with correct endpoints and deliberately leaky ones, for
 * proving that {@link CrossUserAccess} tells them apart.
 *
 * <p>Users: {@code alice} and {@code bob} (may write their own notes), {@code admin} (reads every
 * note, changes none: 403), {@code editor} (reads, changes and deletes every note). Correct
 * endpoints: {@code POST /notes}, {@code GET /notes}, {@code GET|PUT|DELETE /notes/{id}}; another
 * user's note answers exactly like a missing one. Leaky ones:
 *
 * <ul>
 *   <li>{@code GET /export/notes/{id}}: no ownership check at all;
 *   <li>{@code PUT /v1/notes/{id}}: refuses with a 403 whose body quotes the note's title;
 *   <li>{@code GET /all-notes}: lists every note to everyone;
 *   <li>{@code PUT|DELETE /sloppy/notes/{id}}: carries out the write, then answers 404;
 *   <li>{@code GET /tell/notes/{id}}: refuses another user's note with 403, a missing one with 404;
 *   <li>{@code GET /crash/notes/{id}}: answers 500 for another user's note;
 *   <li>{@code GET /empty-list}: a list that never shows anything.
 * </ul>
 */
final class TinyNotesApp implements AutoCloseable {

  private static final Map<String, String> PASSWORDS =
      Map.of("alice", "alice-pw", "bob", "bob-pw", "admin", "admin-pw", "editor", "editor-pw");
  private static final Pattern TITLE = Pattern.compile("\"title\"\\s*:\\s*\"([^\"\\\\]*)\"");
  private static final Pattern NOTE_PATH = Pattern.compile("(/[a-z0-9-]+)?/notes/([^/]+)");

  private record Note(long id, String owner, String title) {
    String json() {
      return "{\"id\":" + id + ",\"owner\":\"" + owner + "\",\"title\":\"" + title + "\"}";
    }
  }

  private final ConcurrentMap<Long, Note> notes = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(100);
  private final HttpServer server;

  TinyNotesApp() throws IOException {
    // Without it the server's separate header and body writes wait out the client's delayed ACK:
    // 40 ms a request.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        try {
          handle(exchange);
        } catch (RuntimeException e) {
          send(exchange, 500, "text/plain", "error");
        }
      }
    });
    server.start();
  }

  /** The base URI, such as {@code http://127.0.0.1:43125}. */
  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The number of notes this user owns now. */
  long notesOf(String owner) {
    return notes.values().stream().filter(note -> note.owner().equals(owner)).count();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String user = user(exchange);
    if (user == null) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"tiny\"");
      problem(exchange, 401, "Unauthorized");
      return;
    }
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    boolean admin = user.equals("admin");
    boolean editor = user.equals("editor");

    if (path.equals("/notes") || path.equals("/all-notes") || path.equals("/empty-list")) {
      if (method.equals("GET")) {
        boolean everything = admin || editor || path.equals("/all-notes");
        List<Note> visible =
            path.equals("/empty-list")
                ? List.of()
                : notes.values().stream().filter(note -> everything || note.owner().equals(user)).toList();
        send(exchange, 200, "application/json",
            "[" + String.join(",", visible.stream().map(Note::json).toList()) + "]");
      } else if (method.equals("POST") && path.equals("/notes")) {
        if (admin) {
          problem(exchange, 403, "Forbidden");
          return;
        }
        Note note = new Note(ids.incrementAndGet(), user, title(exchange));
        notes.put(note.id(), note);
        exchange.getResponseHeaders().set("Location", "/notes/" + note.id());
        send(exchange, 201, "application/json", note.json());
      } else {
        problem(exchange, 405, "Method Not Allowed");
      }
      return;
    }

    Matcher matcher = NOTE_PATH.matcher(path);
    if (!matcher.matches()) {
      problem(exchange, 404, "Not Found");
      return;
    }
    String variant = matcher.group(1) == null ? "" : matcher.group(1);
    Note note = note(matcher.group(2));
    boolean owner = note != null && note.owner().equals(user);

    switch (variant + " " + method) {
      case " GET" -> {
        if (note != null && (owner || admin || editor)) {
          send(exchange, 200, "application/json", note.json());
        } else {
          problem(exchange, 404, "Not Found");
        }
      }
      case " PUT" -> {
        if (note != null && (owner || editor)) {
          Note changed = new Note(note.id(), note.owner(), title(exchange));
          notes.put(note.id(), changed);
          send(exchange, 200, "application/json", changed.json());
        } else {
          problem(exchange, note != null && admin ? 403 : 404, note != null && admin ? "Forbidden" : "Not Found");
        }
      }
      case " DELETE" -> {
        if (note != null && (owner || editor)) {
          notes.remove(note.id());
          send(exchange, 204, null, null);
        } else {
          problem(exchange, note != null && admin ? 403 : 404, note != null && admin ? "Forbidden" : "Not Found");
        }
      }
      case "/export GET" -> {
        if (note != null) {
          send(exchange, 200, "application/json", note.json());
        } else {
          problem(exchange, 404, "Not Found");
        }
      }
      case "/v1 PUT" -> {
        if (note == null) {
          problem(exchange, 404, "Not Found");
        } else if (owner) {
          Note changed = new Note(note.id(), note.owner(), title(exchange));
          notes.put(note.id(), changed);
          send(exchange, 200, "application/json", changed.json());
        } else {
          send(exchange, 403, "application/problem+json",
              "{\"title\":\"Forbidden\",\"status\":403,\"detail\":\"you may not change \\\"" + note.title() + "\\\"\"}");
        }
      }
      case "/sloppy PUT" -> {
        if (note != null) {
          notes.put(note.id(), new Note(note.id(), note.owner(), title(exchange)));
        }
        problem(exchange, owner ? 200 : 404, owner ? "OK" : "Not Found");
      }
      case "/sloppy DELETE" -> {
        if (note != null) {
          notes.remove(note.id());
        }
        problem(exchange, owner ? 200 : 404, owner ? "OK" : "Not Found");
      }
      case "/tell GET" -> {
        if (note == null) {
          problem(exchange, 404, "Not Found");
        } else if (owner || admin || editor) {
          send(exchange, 200, "application/json", note.json());
        } else {
          problem(exchange, 403, "Forbidden");
        }
      }
      case "/crash GET" -> {
        if (note != null && (owner || admin || editor)) {
          send(exchange, 200, "application/json", note.json());
        } else if (note != null) {
          throw new IllegalStateException("not the owner");
        } else {
          problem(exchange, 404, "Not Found");
        }
      }
      default -> problem(exchange, 404, "Not Found");
    }
  }

  private Note note(String id) {
    try {
      return notes.get(Long.parseLong(id));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String user(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.startsWith("Basic ")) {
      return null;
    }
    String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String user = decoded.substring(0, colon);
    return decoded.substring(colon + 1).equals(PASSWORDS.get(user)) ? user : null;
  }

  private static String title(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Matcher matcher = TITLE.matcher(body);
    return matcher.find() ? matcher.group(1) : "";
  }

  /** A problem document with a fresh request id and the path as instance, like Bulwark's. */
  private static void problem(HttpExchange exchange, int status, String title) throws IOException {
    send(exchange, status, "application/problem+json",
        "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
            + ",\"instance\":\"" + exchange.getRequestURI().getRawPath()
            + "\",\"requestId\":\"" + UUID.randomUUID() + "\"}");
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    if (type != null) {
      exchange.getResponseHeaders().set("Content-Type", type);
    }
    if (body == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The user's password. */
  static String password(String user) {
    return PASSWORDS.get(user);
  }
}
