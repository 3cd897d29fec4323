package dev.bulwark.http;

import dev.bulwark.events.SecurityEvent;
import dev.bulwark.problem.Problem;

/**
 * A stage's judgement of a request: continue, or answer it now. An answer is a problem (a refusal,
 * counted as its event), an empty status (a redirect or a CORS preflight, whose headers the stage
 * has set), or a hand-off to one of Bulwark's own endpoints (the CSP report receiver).
 */
public final class Verdict {

  /** What the host does with the request. */
  public enum Kind {
    /** On to the next stage, then the application. */
    CONTINUE,
    /** Answer with {@link #problem()}. */
    REFUSE,
    /** Answer with {@link #status()} and no body. */
    ANSWER,
    /** Hand the request to the endpoint named by {@link #endpoint()}. */
    HAND_OFF
  }

  /** Continue. */
  public static final Verdict CONTINUE = new Verdict(Kind.CONTINUE, 0, null, null, null);

  private final Kind kind;
  private final int status;
  private final Problem problem;
  private final SecurityEvent event;
  private final String endpoint;

  private Verdict(Kind kind, int status, Problem problem, SecurityEvent event, String endpoint) {
    this.kind = kind;
    this.status = status;
    this.problem = problem;
    this.event = event;
    this.endpoint = endpoint;
  }

  /** Refuses the request with a problem, counted as the event. */
  public static Verdict refuse(Problem problem, SecurityEvent event) {
    return new Verdict(Kind.REFUSE, problem.status(), problem, event, null);
  }

  /** Answers with a status and the headers the stage has set, without a body. */
  public static Verdict answer(int status) {
    return new Verdict(Kind.ANSWER, status, null, null, null);
  }

  /** Hands the request to one of Bulwark's own endpoints. */
  public static Verdict handOff(String endpoint) {
    return new Verdict(Kind.HAND_OFF, 0, null, null, endpoint);
  }

  public Kind kind() {
    return kind;
  }

  /** Returns whether the request goes on. */
  public boolean continues() {
    return kind == Kind.CONTINUE;
  }

  /** The answer's status (a refusal's is its problem's). */
  public int status() {
    return status;
  }

  /** The refusal's problem, or {@code null}. */
  public Problem problem() {
    return problem;
  }

  /** The event a refusal counts as, or {@code null}. */
  public SecurityEvent event() {
    return event;
  }

  /** The endpoint of a hand-off, or {@code null}. */
  public String endpoint() {
    return endpoint;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case CONTINUE -> "continue";
      case REFUSE -> "refuse " + status + " " + problem.type();
      case ANSWER -> "answer " + status;
      case HAND_OFF -> "hand off to " + endpoint;
    };
  }
}
