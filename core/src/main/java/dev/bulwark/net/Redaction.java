package dev.bulwark.net;

import dev.bulwark.internal.OwnLogText;
import dev.bulwark.net.internal.IpLiterals;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets and personal data out of logs: client addresses are truncated before they are
 * written, and {@link #redact(String)} masks credentials, cookies, tokens and addresses in free
 * text, for a log pipeline's last step (both example apps run every log field through it).
 */
public final class Redaction {

  /** What a masked value is replaced with. */
  public static final String MASK = "[REDACTED]";

  // A credential after an authentication scheme, wherever it appears ("Authorization: Basic x",
  // "used Bearer x"): eight characters at least and no name=value parameter, so a challenge such
  // as "Basic realm=notes" stays readable.
  private static final Pattern SCHEME_CREDENTIALS =
      Pattern.compile("(?i)\\b(Basic|Bearer|Token|Negotiate)(\\s+)(?!\\w+=[^=\\s])[A-Za-z0-9._~+/=-]{8,}");

  // Header-like pairs whose whole value is secret: name, optional JSON quote, ':' or '=', value.
  // A cookie list is "a=1; b=2", so the value runs over "; " separators but stops at a space or
  // a comma after it, as RFC 6265 cookie values contain neither.
  private static final Pattern SECRET_HEADERS =
      Pattern.compile(
          "(?i)(?<![A-Za-z0-9-])((?:proxy-)?authorization|set-cookie|cookie|x-api-key|x-auth-token)(\"?\\s*[:=]\\s*\"?)"
              + "((?:Basic|Bearer|Token|Digest|Negotiate)\\s+[^\\s\",]+|[^\\s;,\"]+(?:;\\s*[^\\s;,\"]+)*)");

  // key=value and "key":"value" pairs whose key names a secret.
  private static final Pattern SECRET_PAIRS =
      Pattern.compile(
          "(?i)(?<![A-Za-z0-9])((?:password|passwd|pwd|secret|client[_-]?secret|token|access[_-]?token|refresh[_-]?token"
              + "|id[_-]?token|api[_-]?key|apikey|session[_-]?id|jsessionid|credentials?)\"?\\s*[:=]\\s*\"?)([^\\s\"&,;}]+)");

  // The password in a URL's user information: scheme://user:password@host.
  private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/\\s:@]*:)[^/\\s@]+@");

  private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])\\d{1,3}(?:\\.\\d{1,3}){3}(?!\\.?\\d)");

  // Candidates only: each is kept unless it parses as an address (so times such as 12:30:45 and
  // Java's Type::method stay as they are).
  private static final Pattern IPV6 =
      Pattern.compile("(?<![\\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9A-Fa-f]{0,4})(?![\\w:])");

  private Redaction() {}

  /**
   * Truncates an address to its network: the last octet of IPv4 ({@code 203.0.113.0}) and all but
   * the first 48 bits of IPv6. Text that is no address is replaced by {@code "?"}.
   */
  public static String truncateAddress(String address) {
    byte[] bytes = IpLiterals.parse(address);
    if (bytes == null) {
      return "?";
    }
    if (bytes.length == 4) {
      bytes[3] = 0;
    } else {
      for (int i = 6; i < 16; i++) {
        bytes[i] = 0;
      }
    }
    return IpLiterals.format(bytes);
  }

  /**
   * Masks secrets in free text and truncates every IP address in it: credentials after {@code
   * Basic}, {@code Bearer} and similar schemes; the values of {@code Authorization}, {@code
   * Cookie}, {@code Set-Cookie} and API-key headers; values of keys such as {@code password},
   * {@code token}, {@code secret}, {@code api_key} or {@code session_id} ({@code key=value} or
   * JSON); passwords in URLs; IPv4 and IPv6 addresses (as {@link #truncateAddress}). Meant for
   * logs, where a value cannot be known to be safe; it costs a few regular-expression scans, so
   * it belongs in the log pipeline, not on a request's path.
   *
   * <p>Bulwark's own start-up readiness report comes back unchanged: it holds no secret, and
   * redaction would rewrite what it reports ({@code allow-credentials=[REDACTED]}, {@code
   * 127.0.0.1} as {@code 127.0.0.0}). Only the exact text Bulwark logged is exempt, never a line
   * that merely looks like it.
   *
   * @return the text with secrets replaced by {@value #MASK}; {@code null} for {@code null}
   */
  public static String redact(String text) {
    if (text == null || text.isEmpty() || OwnLogText.contains(text)) {
      return text;
    }
    String result = SECRET_HEADERS.matcher(text).replaceAll("$1$2" + MASK);
    result = SCHEME_CREDENTIALS.matcher(result).replaceAll("$1$2" + MASK);
    result = SECRET_PAIRS.matcher(result).replaceAll("$1" + MASK);
    result = URL_PASSWORD.matcher(result).replaceAll("$1" + MASK + "@");
    result = truncateAll(IPV4, result);
    return result.indexOf(':') < 0 ? result : truncateAll(IPV6, result);
  }

  private static String truncateAll(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    if (!matcher.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    do {
      String candidate = matcher.group();
      String truncated = IpLiterals.parse(candidate) == null ? candidate : truncateAddress(candidate);
      matcher.appendReplacement(out, Matcher.quoteReplacement(truncated));
    } while (matcher.find());
    matcher.appendTail(out);
    return out.toString();
  }
}
