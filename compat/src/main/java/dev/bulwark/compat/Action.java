package dev.bulwark.compat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the walk: visiting a page, or submitting the {@code formIndex}-th form of a page. The
 * first variant's walk discovers the actions; every later variant replays the same list, so bare and
 * Bulwark rows are the same pages in the same order. The address is a path (and query) on the
 * application's origin, which changes from run to run with the port.
 */
public record Action(Kind kind, String url, int formIndex, String formLabel) {

  /** Visit a page or submit one of its forms. */
  public enum Kind { VISIT, SUBMIT }

  public static Action visit(String url) {
    return new Action(Kind.VISIT, url, -1, "");
  }

  public static Action submit(String pageUrl, int formIndex, String formLabel) {
    return new Action(Kind.SUBMIT, pageUrl, formIndex, formLabel);
  }

  /** The row's title in reports: {@code GET /owners/1} or {@code submit form #0 (POST /owners/new) on /owners/new}. */
  public String describe() {
    return kind == Kind.VISIT ? "GET " + url : "submit form #" + formIndex + " (" + formLabel + ") on " + url;
  }

  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
    json.put("url", url);
    if (kind == Kind.SUBMIT) {
      json.put("formIndex", formIndex);
      json.put("form", formLabel);
    }
    return json;
  }
}
