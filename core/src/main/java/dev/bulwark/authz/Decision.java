package dev.bulwark.authz;

/**
 * The outcome of a policy: {@link Allow allow}, {@link Deny deny} (403: the caller may know the
 * object exists but not act on it) or {@link Hide hide} (404: the caller may not even learn that
 * the object exists). Denials carry a reason for the audit log; it never reaches the client.
 */
public sealed interface Decision permits Decision.Allow, Decision.Deny, Decision.Hide {

  /** Allows the action. */
  static Decision allow() {
    return Allow.INSTANCE;
  }

  /** Refuses the action with 403; the reason goes to the audit log only. */
  static Decision deny(String reason) {
    return new Deny(reason);
  }

  /** Refuses the action with 404, as if the object did not exist; the reason goes to the audit log only. */
  static Decision hide(String reason) {
    return new Hide(reason);
  }

  /** Whether the action may go ahead. */
  default boolean allowed() {
    return this instanceof Allow;
  }

  /** The reason for the audit log; empty when allowed. */
  String reason();

  /** The action may go ahead. */
  final class Allow implements Decision {
    private static final Allow INSTANCE = new Allow();

    private Allow() {}

    @Override
    public String reason() {
      return "";
    }

    @Override
    public String toString() {
      return "allow";
    }
  }

  /**
   * The action is refused and the caller is told so (403).
   *
   * @param reason why, for the audit log
   */
  record Deny(String reason) implements Decision {
    /** Requires a reason. */
    public Deny {
      reason = reason == null || reason.isBlank() ? "denied" : reason;
    }
  }

  /**
   * The action is refused as if the object did not exist (404).
   *
   * @param reason why, for the audit log
   */
  record Hide(String reason) implements Decision {
    /** Requires a reason. */
    public Hide {
      reason = reason == null || reason.isBlank() ? "hidden" : reason;
    }
  }
}
