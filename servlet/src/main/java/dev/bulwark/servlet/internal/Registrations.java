package dev.bulwark.servlet.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;

/**
 * Registers the drop-in's filters and servlets. A name already taken stops start-up with a message
 * naming it: the container answers {@code null}, which would otherwise fail later with no word of
 * why, or leave a Bulwark endpoint silently missing.
 */
public final class Registrations {

  private Registrations() {}

  /** Registers a filter under a name no other filter of the context holds. */
  public static FilterRegistration.Dynamic filter(ServletContext context, String name, Filter filter) {
    FilterRegistration.Dynamic registration = context.addFilter(name, filter);
    if (registration == null) {
      throw taken(context, "filter", name);
    }
    return registration;
  }

  /** Registers a servlet under a name no other servlet of the context holds. */
  public static ServletRegistration.Dynamic servlet(ServletContext context, String name, Servlet servlet) {
    ServletRegistration.Dynamic registration = context.addServlet(name, servlet);
    if (registration == null) {
      throw taken(context, "servlet", name);
    }
    return registration;
  }

  /** The context's path for messages, {@code /} for the root. */
  public static String contextName(ServletContext context) {
    return context.getContextPath().isEmpty() ? "/" : context.getContextPath();
  }

  private static IllegalStateException taken(ServletContext context, String kind, String name) {
    return new IllegalStateException(
        "Cannot install Bulwark on " + contextName(context) + ": a " + kind + " named '" + name + "' is already registered");
  }
}
