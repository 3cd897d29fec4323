package dev.bulwark.spring.autoconfigure;

import dev.bulwark.servlet.ApplicationErrorPages;
import dev.bulwark.servlet.BulwarkFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.template.TemplateAvailabilityProviders;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.DefaultErrorViewResolver;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.View;

/**
 * Finds the error pages of a Spring Boot application once, when every bean exists and before the
 * server takes requests, and hands them to Bulwark's filter: the error views Spring Boot's error
 * controller would render ({@code error/404}, {@code error/4xx}, {@code error/5xx} templates or
 * static pages, which the {@link DefaultErrorViewResolver} is asked for each status; an {@code
 * error} template or view), the application's own {@link ErrorViewResolver}s (asked when the
 * error happens) and an error controller of its own. Spring Boot's Whitelabel page counts as none.
 *
 * <p>Spring Boot's {@code spring.web.error.include-*} settings cannot show an exception's message,
 * stack trace, class or binding errors on those pages: the error page never gets the exception.
 * Start-up says so when one of them asks for it.
 */
final class SpringErrorPages implements SmartInitializingSingleton {

  private static final Logger LOG = LoggerFactory.getLogger(SpringErrorPages.class);

  private static final String WHITELABEL_VIEW = "ErrorMvcAutoConfiguration$StaticView";

  private static final List<String> INCLUDES =
      List.of("include-message", "include-stacktrace", "include-exception", "include-binding-errors");

  private final ApplicationContext context;
  private final BulwarkFilter filter;

  SpringErrorPages(ApplicationContext context, BulwarkFilter filter) {
    this.context = context;
    this.filter = filter;
  }

  @Override
  public void afterSingletonsInstantiated() {
    warnAboutIncludes(context.getEnvironment());
    Set<Integer> statuses = new TreeSet<>();
    List<ErrorViewResolver> asked = new ArrayList<>();
    String every = everyStatus();
    if (every == null) {
      for (ErrorViewResolver resolver : context.getBeanProvider(ErrorViewResolver.class).orderedStream().toList()) {
        if (resolver instanceof DefaultErrorViewResolver conventions) {
          for (HttpStatus status : HttpStatus.values()) {
            // The conventions read templates and resources only, never the request.
            if (status.value() >= 400 && conventions.resolveErrorView(null, status, Map.of()) != null) {
              statuses.add(status.value());
            }
          }
        } else {
          asked.add(resolver);
        }
      }
    }
    ApplicationErrorPages known = ApplicationErrorPages.of(statuses, every != null);
    ApplicationErrorPages pages = asked.isEmpty() ? known : (status, request) -> known.has(status, request) || resolves(asked, status, request);
    filter.useApplicationErrorPages(pages);
    if (every != null) {
      LOG.info("Bulwark keeps the application's error pages for every error status for browsers ({}); API clients get problem documents", every);
    } else if (!statuses.isEmpty() || !asked.isEmpty()) {
      LOG.info(
          "Bulwark keeps the application's error pages for {} for browsers (Spring Boot error views{}); API clients get problem documents",
          statuses.isEmpty() ? "the statuses its resolvers resolve" : describe(statuses),
          asked.isEmpty() ? "" : ", and whatever " + asked.stream().map(r -> r.getClass().getSimpleName()).toList() + " resolve");
    } else {
      LOG.info("Bulwark answers every error with its own problem page: the application has no error view (Spring Boot's Whitelabel page does not count)");
    }
  }

  /** Names what gives the application a page for every status, or {@code null}. */
  private String everyStatus() {
    for (ErrorController controller : context.getBeanProvider(ErrorController.class)) {
      if (!(controller instanceof BasicErrorController)) {
        return "its own error controller " + controller.getClass().getSimpleName();
      }
    }
    if (context.getBeanProvider(ErrorController.class).stream().findAny().isEmpty()) {
      return null;
    }
    if (new TemplateAvailabilityProviders(context).getProvider("error", context) != null) {
      return "the error template";
    }
    if (context.containsBean("error")
        && context.isTypeMatch("error", View.class)
        && context.getType("error") != null
        && !context.getType("error").getName().endsWith(WHITELABEL_VIEW)) {
      return "its view named error";
    }
    return null;
  }

  /** Lists statuses for the log: a series whose every status has a page as {@code 4xx}. */
  static String describe(Set<Integer> statuses) {
    List<String> parts = new ArrayList<>();
    for (HttpStatus.Series series : List.of(HttpStatus.Series.CLIENT_ERROR, HttpStatus.Series.SERVER_ERROR)) {
      List<Integer> all = new ArrayList<>();
      for (HttpStatus status : HttpStatus.values()) {
        if (status.series() == series && !all.contains(status.value())) {
          all.add(status.value());
        }
      }
      if (statuses.containsAll(all)) {
        parts.add(series.value() + "xx");
      } else {
        all.stream().filter(statuses::contains).sorted().forEach(status -> parts.add(String.valueOf(status)));
      }
    }
    return String.join(", ", parts);
  }

  private static boolean resolves(List<ErrorViewResolver> resolvers, int code, jakarta.servlet.http.HttpServletRequest request) {
    HttpStatus status = HttpStatus.resolve(code);
    if (status == null) {
      return false;
    }
    for (ErrorViewResolver resolver : resolvers) {
      if (resolver.resolveErrorView(request, status, Map.of()) != null) {
        return true;
      }
    }
    return false;
  }

  private static void warnAboutIncludes(Environment environment) {
    for (String include : INCLUDES) {
      String key = "spring.web.error." + include;
      String value = environment.getProperty(key);
      if (value != null && !value.isBlank() && !value.trim().equalsIgnoreCase("never") && !value.trim().equalsIgnoreCase("false")) {
        LOG.warn(
            "{}={} has no effect with Bulwark: error pages never get the exception, so they cannot show its message, "
                + "stack trace, class or binding errors",
            key,
            value.trim());
      }
    }
  }
}
