package dev.bulwark.authz;

import dev.bulwark.problem.Problem;
import dev.bulwark.problem.Problems;

/**
 * Thrown by a {@link Guard} when an action is refused: the integrations answer 403 for a {@link
 * Decision.Deny denial} and 404 for a {@link Decision.Hide hidden} or missing object, with a body that
 * says nothing about the object, the policy or the reason. Carries no stack trace: it is an
 * expected outcome, thrown often by hostile callers, and its reason is already in the audit log.
 */
public final class AuthorizationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Decision decision;
  private final String resourceType;
  private final String action;

  /**
   * Creates the exception for a refused decision.
   *
   * @param decision the refusal, never an allow
   * @param resourceType the simple name of the resource type
   * @param action the action's name, or {@code null}
   */
  public AuthorizationException(Decision decision, String resourceType, String action) {
    super(null, null, false, false);
    if (decision == null || decision.allowed()) {
      throw new IllegalArgumentException("an authorization exception needs a refusal");
    }
    this.decision = decision;
    this.resourceType = resourceType;
    this.action = action;
  }

  private static String outcome(Decision decision) {
    return decision instanceof Decision.Hide ? "hidden" : "denied";
  }

  /** A requested object that does not exist: answered exactly like a hidden one. */
  public static AuthorizationException notFound(Class<?> resourceType) {
    return new AuthorizationException(Decision.hide("not found"), resourceType.getSimpleName(), null);
  }

  /** The refusal. */
  public Decision decision() {
    return decision;
  }

  /** The simple name of the resource type. */
  public String resourceType() {
    return resourceType;
  }

  /** The HTTP status to answer: 403 for a denial, 404 for a hidden or missing object. */
  public int status() {
    return decision instanceof Decision.Hide ? 404 : 403;
  }

  /**
   * The problem to answer with. A hidden object gets the plain 404 problem an unknown path gets,
   * so the two cannot be told apart.
   */
  public Problem toProblem() {
    return decision instanceof Decision.Hide
        ? Problem.ofStatus(404)
        : Problems.accessDenied();
  }

  /**
   * Built on demand, since refusals are frequent and their message rarely read. The reason stays
   * out: applications' own exception handlers and error pages echo messages, and the reason is for
   * the audit log only.
   */
  @Override
  public String getMessage() {
    return resourceType + (action == null ? "" : " " + action) + " refused (" + outcome(decision) + ")";
  }

  /** The action's name, or {@code null} when the refusal was not about one action. */
  public String action() {
    return action;
  }
}
