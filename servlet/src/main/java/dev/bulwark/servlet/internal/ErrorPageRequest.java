package dev.bulwark.servlet.internal;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The request an application's error page sees: every attribute that holds an exception is
 * hidden ({@code jakarta.servlet.error.exception}, Spring's error attributes, any other {@link
 * Throwable}), and so are the error message and the exception's class name. What the page can
 * still show is the status and the request id; an error page cannot print a message, stack trace
 * or exception class it never gets, whatever its framework's settings say.
 */
public final class ErrorPageRequest extends HttpServletRequestWrapper {

  public ErrorPageRequest(HttpServletRequest request) {
    super(request);
  }

  /** Returns whether an attribute is one an error page must not see. */
  static boolean hidden(String name, Object value) {
    return value instanceof Throwable
        || RequestDispatcher.ERROR_MESSAGE.equals(name)
        || RequestDispatcher.ERROR_EXCEPTION_TYPE.equals(name)
        || ProblemResponses.ERROR_PAGES_ATTRIBUTE.equals(name);
  }

  @Override
  public Object getAttribute(String name) {
    Object value = super.getAttribute(name);
    return hidden(name, value) ? null : value;
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    List<String> names = new ArrayList<>();
    for (Enumeration<String> all = super.getAttributeNames(); all.hasMoreElements(); ) {
      String name = all.nextElement();
      if (!hidden(name, super.getAttribute(name))) {
        names.add(name);
      }
    }
    return Collections.enumeration(names);
  }

  /**
   * Removes what {@link #hidden} hides from the request itself, before the container's error
   * dispatch: on a container where Bulwark's filter does not see that dispatch, the page reads the
   * request directly.
   */
  static void scrub(HttpServletRequest request) {
    List<String> leaky = new ArrayList<>();
    for (Enumeration<String> all = request.getAttributeNames(); all.hasMoreElements(); ) {
      String name = all.nextElement();
      if (!ProblemResponses.ERROR_PAGES_ATTRIBUTE.equals(name) && hidden(name, request.getAttribute(name))) {
        leaky.add(name);
      }
    }
    leaky.forEach(request::removeAttribute);
  }
}
