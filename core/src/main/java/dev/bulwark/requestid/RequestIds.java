package dev.bulwark.requestid;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses the id of a request: a valid incoming one, the trace id of a valid W3C {@code
 * traceparent}, or a new random one. Incoming values are checked character by character, so an id
 * can never carry a line break or markup into a log or a response.
 */
public final class RequestIds {

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final int MAX_LENGTH = 128;

  /**
   * The id of the request the current thread serves, for Bulwark's own logs. The SLF4J MDC is not
   * enough: some bindings (slf4j-simple, slf4j-nop) keep nothing in it.
   */
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private final boolean trustIncoming;

  private RequestIds(RequestIdConfig config) {
    this.trustIncoming = config.trustIncoming();
  }

  /** Compiles a configuration. */
  public static RequestIds compile(RequestIdConfig config) {
    return new RequestIds(config);
  }

  /**
   * Returns the id for a request.
   *
   * @param incoming the request id header, or {@code null}
   * @param traceparent the {@code traceparent} header, or {@code null}
   */
  public String choose(String incoming, String traceparent) {
    if (trustIncoming) {
      if (isValid(incoming)) {
        return incoming;
      }
      String traceId = traceId(traceparent);
      if (traceId != null) {
        return traceId;
      }
    }
    return generate();
  }

  /**
   * Binds the id of the request the current thread now serves; {@code null} unbinds it. The
   * integration that assigns ids calls this around the application and always unbinds afterwards.
   */
  public static void bindCurrent(String id) {
    if (id == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(id);
    }
  }

  /** Returns the id bound to the current thread by {@link #bindCurrent}, or {@code null}. */
  public static String current() {
    return CURRENT.get();
  }

  /** Returns whether a value may be used as a request id: 1 to 128 of {@code A-Z a-z 0-9 . _ : -}. */
  public static boolean isValid(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == ':';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the trace id of a W3C {@code traceparent} ({@code 00-<32 hex>-<16 hex>-<2 hex>}), or
   * {@code null} when the header is absent or invalid (wrong shape, upper-case hex, version
   * {@code ff}, or an all-zero trace or parent id).
   */
  public static String traceId(String traceparent) {
    if (traceparent == null || traceparent.length() < 55) {
      return null;
    }
    String value = traceparent.trim();
    if (value.length() < 55
        || value.charAt(2) != '-'
        || value.charAt(35) != '-'
        || value.charAt(52) != '-'
        || (value.length() > 55 && (value.startsWith("00") || value.charAt(55) != '-'))) {
      return null;
    }
    if (!isLowerHex(value, 0, 2) || value.startsWith("ff")
        || !isLowerHex(value, 3, 35) || !isLowerHex(value, 36, 52) || !isLowerHex(value, 53, 55)) {
      return null;
    }
    if (allZero(value, 3, 35) || allZero(value, 36, 52)) {
      return null;
    }
    return value.substring(3, 35);
  }

  /** Generates a new id: 128 random bits as 32 lower-case hex digits, like a trace id. */
  public static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = random.nextLong();
    long low = random.nextLong();
    char[] out = new char[32];
    for (int i = 0; i < 16; i++) {
      out[i] = HEX[(int) (high >>> (60 - i * 4)) & 0xf];
      out[16 + i] = HEX[(int) (low >>> (60 - i * 4)) & 0xf];
    }
    return new String(out);
  }

  private static boolean isLowerHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean allZero(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }
}
