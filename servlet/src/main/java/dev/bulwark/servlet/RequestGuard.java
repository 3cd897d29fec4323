package dev.bulwark.servlet;

import dev.bulwark.authz.AuthorizationException;
import dev.bulwark.authz.Decision;
import dev.bulwark.authz.Guard;
import dev.bulwark.authz.ResourceLookup;
import dev.bulwark.authz.Scope;
import dev.bulwark.authz.Subject;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The application's authorisation {@link Guard} bound to one request's {@link Subject}, for plain
 * servlets. The subject is the container's user principal with the roles of {@code
 * bulwark.authz.roles} it confirms through {@code isUserInRole}.
 *
 * <pre>{@code
 * RequestGuard guard = RequestGuard.of(request);
 * Note note = guard.load(notes, pathId, NoteAction.UPDATE); // 404 unless found and allowed
 * }</pre>
 *
 * A refusal throws {@link AuthorizationException}, which {@link BulwarkFilter} answers with a 403
 * or 404 problem. The guard is built at start-up by {@link BulwarkServletContainerInitializer} from
 * the {@code dev.bulwark.authz.Policy} services on the class path, unless the application put its
 * own {@code Guard} in the servlet context attribute {@link #GUARD_ATTRIBUTE} before start.
 */
public final class RequestGuard {

  /** The servlet context attribute that holds the application's {@link Guard}. */
  public static final String GUARD_ATTRIBUTE = Guard.class.getName();

  /** The servlet context attribute that holds the roles to ask the container about. */
  public static final String ROLES_ATTRIBUTE = "dev.bulwark.authz.roles";

  private static final String SUBJECT_ATTRIBUTE = "dev.bulwark.subject";

  private final Guard guard;
  private final Subject subject;

  private RequestGuard(Guard guard, Subject subject) {
    this.guard = guard;
    this.subject = subject;
  }

  /**
   * The guard for a request.
   *
   * @throws IllegalStateException when Bulwark's authorisation is not installed: better a 500 than an
   *     unguarded answer
   */
  public static RequestGuard of(HttpServletRequest request) {
    ServletContext context = request.getServletContext();
    if (!(context.getAttribute(GUARD_ATTRIBUTE) instanceof Guard guard)) {
      throw new IllegalStateException("Bulwark is not installed in this servlet context, so nothing can be authorised");
    }
    return new RequestGuard(guard, subject(request));
  }

  /**
   * The request's subject, resolved once per request from the container's principal and the roles
   * of {@code bulwark.authz.roles} it confirms.
   */
  public static Subject subject(HttpServletRequest request) {
    return subject(request, request.getServletContext().getAttribute(ROLES_ATTRIBUTE) instanceof List<?> known ? known : List.of());
  }

  /**
   * The request's subject, resolved once per request (once signed in) from the container's principal and those of
   * the given roles it confirms through {@code isUserInRole} (the servlet API cannot list them).
   */
  public static Subject subject(HttpServletRequest request, List<?> roles) {
    if (request.getAttribute(SUBJECT_ATTRIBUTE) instanceof Subject cached) {
      return cached;
    }
    Principal principal = request.getUserPrincipal();
    if (principal == null) {
      // Not cached: a later request.login() in the same request must be seen.
      return Subject.anonymous();
    }
    Set<String> granted = new HashSet<>();
    for (Object role : roles) {
      if (request.isUserInRole(String.valueOf(role))) {
        granted.add(String.valueOf(role));
      }
    }
    Subject subject = new Subject(principal.getName(), granted, null, Map.of());
    request.setAttribute(SUBJECT_ATTRIBUTE, subject);
    return subject;
  }

  /** The subject. */
  public Subject subject() {
    return subject;
  }

  /** Checks an action on one object; returns it. @throws AuthorizationException when refused */
  public <R, A extends Enum<A>> R check(A action, R resource) {
    return guard.check(subject, action, resource);
  }

  /** Decides without throwing. */
  public <R, A extends Enum<A>> Decision decide(A action, R resource) {
    return guard.decide(subject, action, resource);
  }

  /** Checks a type-level action such as creating. @throws AuthorizationException when refused */
  public <A extends Enum<A>> void checkType(Class<?> resourceType, A action) {
    guard.checkType(subject, resourceType, action);
  }

  /** Keeps the objects the subject may take an action on. */
  public <R, A extends Enum<A>> List<R> filter(A action, Collection<? extends R> resources) {
    return guard.filter(subject, action, resources);
  }

  /** The scope of a list query. */
  public <A extends Enum<A>> Scope scope(Class<?> resourceType, A action) {
    return guard.scope(subject, resourceType, action);
  }

  /**
   * Loads an object by id and checks an action on it: a missing object (or a malformed id) and a
   * hidden one both throw the same 404.
   */
  public <R, A extends Enum<A>> R load(ResourceLookup<R> lookup, String id, A action) {
    R resource = id == null ? null : lookup.find(id).orElse(null);
    if (resource == null) {
      throw AuthorizationException.notFound(lookup.resourceType());
    }
    return guard.check(subject, action, resource);
  }
}
