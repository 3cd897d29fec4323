package dev.bulwark.limits;

import dev.bulwark.events.SecurityEvent;
import dev.bulwark.http.Exchange;
import dev.bulwark.http.Verdict;
import dev.bulwark.internal.Utf8Validator;
import dev.bulwark.problem.Problem;
import dev.bulwark.problem.Problems;
import java.io.IOException;

/**
 * Counts a request body as the application reads it, and checks a JSON body for well-formed UTF-8:
 * a read past the limit, or bytes that are not UTF-8, fail with a {@link RefusedBodyException} and
 * leave the reason on the exchange, which the pipeline answers with however the application turned
 * the failed read into an error of its own. One per request; not thread-safe.
 */
public final class BodyMeter {

  /** Thrown to the application when its read of the body breaks a limit. */
  public static final class RefusedBodyException extends IOException {
    private static final long serialVersionUID = 1L;

    RefusedBodyException(String message) {
      super(message);
    }
  }

  private final Exchange exchange;
  private final long limit;
  private final Utf8Validator utf8;
  private long count;
  private boolean observed;

  BodyMeter(Exchange exchange, long limit, boolean json) {
    this.exchange = exchange;
    this.limit = limit;
    this.utf8 = json ? new Utf8Validator() : null;
  }

  /** Passes the result of a single-byte read (-1 at the end). */
  public void read(int b) throws RefusedBodyException {
    if (observed) {
      return;
    }
    if (b >= 0) {
      add(1);
      if (utf8 != null && !utf8.accept(b)) {
        invalid();
      }
    } else if (utf8 != null && !utf8.complete()) {
      invalid();
    }
  }

  /** Passes the result of a read into a buffer: {@code read} bytes from {@code offset}, or -1 at the end. */
  public void read(byte[] buffer, int offset, int read) throws RefusedBodyException {
    if (observed) {
      return;
    }
    if (read > 0) {
      add(read);
      if (utf8 != null && !utf8.accept(buffer, offset, read)) {
        invalid();
      }
    } else if (read < 0 && utf8 != null && !utf8.complete()) {
      invalid();
    }
  }

  private void add(long read) throws RefusedBodyException {
    count += read;
    if (count > limit) {
      refuse(Problems.bodyTooLarge(limit), "request body larger than " + limit + " bytes");
    }
  }

  private void invalid() throws RefusedBodyException {
    refuse(Problems.invalidEncoding(), "request body is not well-formed UTF-8");
  }

  private void refuse(Problem problem, String message) throws RefusedBodyException {
    if (exchange.observing()) {
      // Observe mode: reported once, and the body reads on as it would without Bulwark.
      if (!observed) {
        observed = true;
        exchange.wouldRefuse(Verdict.refuse(problem, SecurityEvent.INVALID_INPUT));
      }
      return;
    }
    exchange.bodyFailed(problem);
    throw new RefusedBodyException(message);
  }
}
