package dev.bulwark.servlet;

import dev.bulwark.authz.Decision;
import dev.bulwark.authz.Policy;
import dev.bulwark.authz.ResourceLookup;
import dev.bulwark.authz.Scope;
import dev.bulwark.authz.Subject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.ee11.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.util.security.Password;

/**
 * A small documents application for the servlet authorisation tests: a policy (also registered in
 * {@code META-INF/services/dev.bulwark.authz.Policy} of the test resources), a store, a servlet
 * that uses {@link RequestGuard}, and Jetty's own Basic authentication with users in roles, so the
 * principal and {@code isUserInRole} are the container's.
 */
public final class TestDocs {

  private TestDocs() {}

  /** A document owned by one user. */
  public record Doc(String id, String owner, String text) {}

  /** What can be done to documents. */
  public enum DocAction {
    READ,
    UPDATE,
    CREATE,
    LIST
  }

  /**
   * Owners read and update their documents; ADMIN reads every document but updates none (403);
   * anybody else is told nothing (404). Any signed-in caller may create; lists are the caller's own
   * documents, or all for ADMIN.
   */
  public static final class DocPolicy implements Policy<Doc, DocAction> {

    /** For {@link java.util.ServiceLoader}. */
    public DocPolicy() {}

    @Override
    public Class<Doc> resourceType() {
      return Doc.class;
    }

    @Override
    public Class<DocAction> actionType() {
      return DocAction.class;
    }

    @Override
    public Decision decide(Subject subject, DocAction action, Doc doc) {
      boolean owner = subject.is(doc.owner());
      return switch (action) {
        case READ -> owner || subject.hasRole("ADMIN") ? Decision.allow() : Decision.hide("secret-reason-not-owner");
        case UPDATE ->
            owner ? Decision.allow() : subject.hasRole("ADMIN") ? Decision.deny("secret-reason-admin-read-only") : Decision.hide("secret-reason-not-owner");
        case CREATE, LIST -> Decision.deny("not an object action");
      };
    }

    @Override
    public Decision decide(Subject subject, DocAction action) {
      return action == DocAction.CREATE && subject.authenticated() ? Decision.allow() : Decision.deny("signed-in callers create");
    }

    @Override
    public Scope scope(Subject subject, DocAction action) {
      if (!subject.authenticated()) {
        return Scope.nothing();
      }
      return subject.hasRole("ADMIN") ? Scope.all() : Scope.where("owner", subject.id());
    }

    @Override
    public Object idOf(Doc doc) {
      return doc.id();
    }
  }

  /** The documents: {@code 41} is alice's, {@code 42} bob's. */
  public static final class DocStore implements ResourceLookup<Doc> {
    private final Map<String, Doc> docs =
        Map.of("41", new Doc("41", "alice", "alice-private-text"), "42", new Doc("42", "bob", "bob-private-text"));

    @Override
    public Class<Doc> resourceType() {
      return Doc.class;
    }

    @Override
    public Optional<Doc> find(String id) {
      return Optional.ofNullable(docs.get(id));
    }

    List<Doc> all() {
      return docs.values().stream().sorted(java.util.Comparator.comparing(Doc::id)).toList();
    }
  }

  /**
   * {@code GET /docs/{id}} reads, {@code PUT /docs/{id}} updates, {@code POST /docs} creates,
   * {@code GET /docs} lists by scope; {@code GET /docs/me} shows the subject.
   */
  static final class DocServlet extends HttpServlet {
    private final DocStore store = new DocStore();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String id = id(request);
      RequestGuard guard = RequestGuard.of(request);
      if (id == null) {
        Scope scope = guard.scope(Doc.class, DocAction.LIST);
        List<String> ids =
            store.all().stream().filter(d -> scope.includes(Map.of("owner", d.owner())::get)).map(Doc::id).toList();
        write(response, "{\"ids\":\"" + String.join(",", ids) + "\"}");
      } else if (id.equals("me")) {
        Subject subject = guard.subject();
        write(response, "{\"id\":\"" + subject.id() + "\",\"roles\":\"" + String.join(",", new TreeSet<>(subject.roles())) + "\"}");
      } else {
        write(response, "{\"text\":\"" + guard.load(store, id, DocAction.READ).text() + "\"}");
      }
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
      Doc doc = RequestGuard.of(request).load(store, id(request), DocAction.UPDATE);
      write(response, "{\"updated\":\"" + doc.id() + "\"}");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
      RequestGuard.of(request).checkType(Doc.class, DocAction.CREATE);
      response.setStatus(201);
      write(response, "{\"created\":true}");
    }

    private static String id(HttpServletRequest request) {
      String info = request.getPathInfo();
      return info == null || info.length() < 2 ? null : info.substring(1);
    }

    private static void write(HttpServletResponse response, String json) throws IOException {
      response.setContentType("application/json");
      response.getWriter().write(json);
    }
  }

  /** Adds the documents servlet on {@code /docs/*} and a plain page on {@code /admin/*}, {@code /open/*}. */
  static void addServlets(ServletContextHandler context) {
    context.addServlet(new ServletHolder(new DocServlet()), "/docs/*");
    HttpServlet page =
        new HttpServlet() {
          @Override
          protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().write("reached " + request.getMethod() + " " + request.getServletPath());
          }
        };
    context.addServlet(new ServletHolder(page), "/admin/*");
    context.addServlet(new ServletHolder(page), "/open/*");
  }

  /**
   * Jetty's Basic authentication without constraints, so anonymous requests reach the
   * application: alice and bob (USER), admin (USER, ADMIN), carol (AUDITOR, a role Bulwark is not
   * told about by default).
   */
  static void addContainerSecurity(ServletContextHandler context) {
    UserStore users = new UserStore();
    users.addUser("alice", new Password("alice-pw"), new String[] {"USER"});
    users.addUser("bob", new Password("bob-pw"), new String[] {"USER"});
    users.addUser("admin", new Password("admin-pw"), new String[] {"USER", "ADMIN"});
    users.addUser("carol", new Password("carol-pw"), new String[] {"AUDITOR"});
    HashLoginService logins = new HashLoginService("docs");
    logins.setUserStore(users);
    ConstraintSecurityHandler security = new ConstraintSecurityHandler();
    security.setLoginService(logins);
    security.setAuthenticator(new BasicAuthenticator());
    context.setSecurityHandler(security);
  }

  /** The Authorization header value for a test user, whose password is its name with {@code -pw}. */
  static String basic(String user) {
    return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + user + "-pw").getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
