package dev.bulwark.authz.internal;

import dev.bulwark.authz.Decision;
import dev.bulwark.authz.Subject;
import dev.bulwark.requestid.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Writes one line per refusal to the logger {@code dev.bulwark.audit.authz}, so operators can route
 * the audit trail apart from application logs. Values are cleaned of control characters (no forged
 * log lines) and capped in length.
 */
public final class AuditLog {

  /** The audit logger's name. */
  public static final String LOGGER = "dev.bulwark.audit.authz";

  private static final Logger audit = LoggerFactory.getLogger(LOGGER);
  private static final int MAX = 120;

  private final String requestIdKey;

  /** Creates the log. */
  public AuditLog(String requestIdKey) {
    this.requestIdKey = requestIdKey;
  }

  /** Logs a refusal. */
  public void refused(Subject subject, Enum<?> action, String type, Object id, Decision decision) {
    if (!audit.isInfoEnabled()) {
      return;
    }
    String who = subject == null || subject.id() == null ? "anonymous" : clean(subject.id());
    audit.info(
        "authorization {}: subject={} action={} resource={} id={} reason=\"{}\" requestId={}",
        decision instanceof Decision.Hide ? "hidden" : "denied",
        who,
        action == null ? "-" : action.name(),
        type,
        id == null ? "-" : clean(String.valueOf(id)),
        clean(decision.reason()),
        requestId());
  }

  private String requestId() {
    String value = MDC.get(requestIdKey);
    if (value == null) {
      // A binding without an MDC (slf4j-simple) keeps nothing there; the integration also binds it here.
      value = RequestIds.current();
    }
    return value == null ? "-" : clean(value);
  }

  /** Replaces control characters and quotes and caps the length. */
  static String clean(String value) {
    int length = Math.min(value.length(), MAX);
    StringBuilder out = null;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      boolean bad = c < 0x20 || c == 0x7f || c == '"' || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029';
      if (bad && out == null) {
        out = new StringBuilder(length).append(value, 0, i);
      }
      if (out != null) {
        out.append(bad ? '_' : c);
      }
    }
    String result = out != null ? out.toString() : value.substring(0, length);
    return value.length() > MAX ? result + "..." : result;
  }
}
