package dev.bulwark.problem;

import dev.bulwark.internal.Json;
import java.util.Map;

/**
 * Renders problems as {@code application/problem+json} or, for browsers, as a small HTML page.
 * Both escape every value, so even a detail built from configuration cannot inject markup.
 */
public final class ProblemWriter {

  private ProblemWriter() {}

  /** Returns the problem as a JSON document. */
  public static String toJson(Problem problem) {
    StringBuilder out = new StringBuilder(160);
    out.append('{');
    member(out, "type", problem.type(), false);
    member(out, "title", problem.title(), true);
    out.append(",\"status\":").append(problem.status());
    if (problem.detail() != null) {
      member(out, "detail", problem.detail(), true);
    }
    for (Map.Entry<String, Object> extension : problem.extensions().entrySet()) {
      out.append(',');
      Json.string(out, extension.getKey());
      out.append(':');
      Json.value(out, extension.getValue());
    }
    out.append('}');
    return out.toString();
  }

  /** Returns the problem as a minimal, self-contained HTML page with no script or style. */
  public static String toHtml(Problem problem) {
    StringBuilder out = new StringBuilder(400);
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(problem.status())
        .append(' ');
    html(out, problem.title());
    out.append("</title></head><body><h1>").append(problem.status()).append(' ');
    html(out, problem.title());
    out.append("</h1>");
    if (problem.detail() != null) {
      out.append("<p>");
      html(out, problem.detail());
      out.append("</p>");
    }
    Object requestId = problem.extensions().get("requestId");
    if (requestId != null) {
      out.append("<p>Request id: <code>");
      html(out, String.valueOf(requestId));
      out.append("</code></p>");
    }
    out.append("</body></html>\n");
    return out.toString();
  }

  private static void member(StringBuilder out, String name, String value, boolean comma) {
    if (comma) {
      out.append(',');
    }
    Json.string(out, name);
    out.append(':');
    Json.string(out, value);
  }

  private static void html(StringBuilder out, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&#34;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
      }
    }
  }
}
