package dev.bulwark.servlet.internal;

import dev.bulwark.servlet.ApplicationErrorPages;
import jakarta.servlet.ServletContext;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the application's {@code <error-page>} mappings (from {@code web.xml}, a fragment or added
 * in code) in the container's own registry, which the Servlet API does not expose: Jetty 12's
 * {@code ErrorPageErrorHandler} (EE 10 and EE 11) and Tomcat's context. Read through reflection,
 * so this module needs neither container; an unknown container has none.
 *
 * <p>Only status pages count: an {@code <exception-type>} page never matches, because Bulwark
 * answers an exception by sending the 500 status, not by handing the exception to the container.
 */
public final class ContainerErrorPages {

  private ContainerErrorPages() {}

  /** What was found: the statuses with a page, and whether a default page covers every status. */
  public record Found(Set<Integer> statuses, boolean everyStatus, String container) {

    /** Returns the pages as the filter asks them. */
    public ApplicationErrorPages pages() {
      return ApplicationErrorPages.of(statuses, everyStatus);
    }

    /** Returns whether the application has no error page at all. */
    public boolean none() {
      return statuses.isEmpty() && !everyStatus;
    }

    /** Returns a list for the start-up log, such as {@code 404, 5xx} or {@code every error status}. */
    public String describe() {
      return everyStatus ? "every error status" : ContainerErrorPages.describe(statuses);
    }
  }

  /** Lists statuses for a log line: a whole series as {@code 4xx}, a run as {@code 500-503}. */
  public static String describe(Set<Integer> statuses) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    java.util.List<Integer> sorted = new java.util.ArrayList<>(new TreeSet<>(statuses));
    int i = 0;
    while (i < sorted.size()) {
      int from = sorted.get(i);
      int to = from;
      while (i + 1 < sorted.size() && sorted.get(i + 1) == to + 1) {
        to = sorted.get(++i);
      }
      i++;
      while (from <= to) {
        int seriesEnd = from / 100 * 100 + 99;
        if (from % 100 == 0 && to >= seriesEnd) {
          parts.add(from / 100 + "xx");
          from = seriesEnd + 1;
        } else {
          int end = Math.min(to, seriesEnd);
          parts.add(from == end ? String.valueOf(from) : from + "-" + end);
          from = end + 1;
        }
      }
    }
    return String.join(", ", parts);
  }

  /** Looks the error pages of this context up; never throws. */
  public static Found detect(ServletContext context) {
    try {
      Found jetty = jetty(context);
      if (jetty != null) {
        return jetty;
      }
      Found tomcat = tomcat(context);
      if (tomcat != null) {
        return tomcat;
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError unknownLayout) {
      // Another version than the ones this knows: as if there were none.
    }
    return new Found(Set.of(), false, "unknown");
  }

  /** Jetty 12: {@code ServletContextApi.getContextHandler().getErrorHandler().getErrorPage(code, null)}. */
  private static Found jetty(ServletContext context) throws ReflectiveOperationException {
    Method contextHandler;
    try {
      contextHandler = context.getClass().getMethod("getContextHandler");
    } catch (NoSuchMethodException notJetty) {
      return null;
    }
    Object handler = contextHandler.invoke(context);
    if (handler == null) {
      return null;
    }
    Object errors = handler.getClass().getMethod("getErrorHandler").invoke(handler);
    if (errors == null) {
      return new Found(Set.of(), false, "Jetty");
    }
    Method lookup;
    try {
      lookup = errors.getClass().getMethod("getErrorPage", Integer.class, Throwable.class);
    } catch (NoSuchMethodException noErrorPages) {
      // Not an ErrorPageErrorHandler (Bulwark's own handler, say): no page of the application's.
      return new Found(Set.of(), false, "Jetty");
    }
    Set<Integer> statuses = new TreeSet<>();
    for (int status = 400; status <= 599; status++) {
      if (lookup.invoke(errors, status, null) != null) {
        statuses.add(status);
      }
    }
    return new Found(statuses, false, "Jetty");
  }

  /** Tomcat: the facade's context, its {@code StandardContext}, {@code findErrorPage(int)}. */
  private static Found tomcat(ServletContext context) throws ReflectiveOperationException {
    if (!context.getClass().getName().equals("org.apache.catalina.core.ApplicationContextFacade")) {
      return null;
    }
    Object application = field(context, "context");
    Object standard = field(application, "context");
    Method lookup = standard.getClass().getMethod("findErrorPage", int.class);
    // Tomcat answers a status without a page of its own with the default page (no code, no type).
    boolean everyStatus = lookup.invoke(standard, 0) != null;
    Set<Integer> statuses = new TreeSet<>();
    for (int status = 400; status <= 599; status++) {
      if (lookup.invoke(standard, status) != null) {
        statuses.add(status);
      }
    }
    return new Found(statuses, everyStatus, "Tomcat");
  }

  private static Object field(Object target, String name) throws ReflectiveOperationException {
    Field field = target.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field.get(target);
  }
}
