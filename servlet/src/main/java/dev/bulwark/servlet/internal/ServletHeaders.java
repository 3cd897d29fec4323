package dev.bulwark.servlet.internal;

import dev.bulwark.headers.HeaderWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Enumeration;

/** Header access shared by the filter, problem answers and Tomcat's error valve. */
public final class ServletHeaders {

  private ServletHeaders() {}

  /**
   * A header's value when the request carries it once, else {@code null}: of two request ids (or
   * trace contexts) neither can be trusted, as a proxy may have added one and the client the other.
   */
  public static String onlyValue(HttpServletRequest request, String name) {
    Enumeration<String> values = request.getHeaders(name);
    if (values == null || !values.hasMoreElements()) {
      return null;
    }
    String value = values.nextElement();
    return values.hasMoreElements() ? null : value;
  }

  /** Where a header policy writes straight into a response (no remove list in between). */
  public static HeaderWriter writer(HttpServletResponse response) {
    return new HeaderWriter() {
      @Override
      public boolean contains(String name) {
        return response.containsHeader(name);
      }

      @Override
      public void set(String name, String value) {
        response.setHeader(name, value);
      }

      @Override
      public void add(String name, String value) {
        response.addHeader(name, value);
      }
    };
  }
}
