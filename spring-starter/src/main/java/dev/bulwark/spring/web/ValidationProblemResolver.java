package dev.bulwark.spring.web;

import dev.bulwark.authz.AuthorizationException;
import dev.bulwark.events.SecurityEvent;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.problem.Problem;
import dev.bulwark.servlet.ProblemAnswers;
import dev.bulwark.validate.InvalidInputException;
import dev.bulwark.validate.Violation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Turns Spring MVC's validation and parsing failures into RFC 9457 problems: 422 with one entry per
 * violation ({@code pointer} and {@code message}, never the rejected value) for invalid content,
 * 400 for a body that cannot be read; also answers authorisation refusals (403, or 404 for hidden
 * objects). It runs after the application's own {@code @ExceptionHandler} methods, so an
 * application that maps these itself keeps its answers. Each validation or parsing problem it writes
 * counts as an {@code invalid_input} security event, as the servlet filter's do (refusals are
 * counted by the guard).
 */
public final class ValidationProblemResolver implements HandlerExceptionResolver {

  private final SecurityEvents events;

  /** A resolver that counts nothing. */
  public ValidationProblemResolver() {
    this(null);
  }

  /** A resolver that counts each problem it writes as {@link SecurityEvent#INVALID_INPUT}. */
  public ValidationProblemResolver(SecurityEvents events) {
    this.events = events;
  }

  private static final boolean BEAN_VALIDATION =
      org.springframework.util.ClassUtils.isPresent(
          "jakarta.validation.ConstraintViolationException", ValidationProblemResolver.class.getClassLoader());

  /** Kept apart so that applications without Jakarta Validation never load its classes. */
  private static final class BeanValidation {
    static boolean isViolation(Exception exception) {
      return exception instanceof ConstraintViolationException;
    }

    static List<Violation> violations(Exception exception) {
      List<Violation> violations = new ArrayList<>();
      for (ConstraintViolation<?> violation : ((ConstraintViolationException) exception).getConstraintViolations()) {
        violations.add(violation("/" + violation.getPropertyPath().toString().replace('.', '/'), violation.getMessage()));
      }
      return violations;
    }
  }

  @Override
  public ModelAndView resolveException(
      HttpServletRequest request, HttpServletResponse response, Object handler, Exception exception) {
    Problem problem = problemFor(request, exception);
    if (problem == null || response.isCommitted()) {
      return null;
    }
    try {
      ProblemAnswers.write(request, response, problem);
    } catch (IOException e) {
      return null;
    }
    if (events != null && !(exception instanceof AuthorizationException)) {
      events.record(SecurityEvent.INVALID_INPUT);
    }
    return new ModelAndView();
  }

  private static Problem problemFor(HttpServletRequest request, Exception exception) {
    Problem readFailure = ProblemAnswers.bodyFailure(request);
    if (readFailure != null) {
      return readFailure;
    }
    if (exception instanceof AuthorizationException refused) {
      return refused.toProblem();
    }
    if (exception instanceof InvalidInputException invalid) {
      return invalid.toProblem();
    }
    if (exception instanceof BindException bind) {
      List<Violation> violations = new ArrayList<>();
      for (ObjectError error : bind.getAllErrors()) {
        String pointer = error instanceof FieldError field ? "/" + field.getField().replace('.', '/').replace("[", "/").replace("]", "") : "";
        violations.add(violation(pointer, error.getDefaultMessage()));
      }
      return invalid(violations);
    }
    if (exception instanceof HandlerMethodValidationException validation) {
      List<Violation> violations = new ArrayList<>();
      validation.getParameterValidationResults().forEach(result -> {
        String name = result.getMethodParameter().getParameterName();
        result.getResolvableErrors().forEach(error -> violations.add(violation(name == null ? "" : name, error.getDefaultMessage())));
      });
      return invalid(violations);
    }
    if (BEAN_VALIDATION && BeanValidation.isViolation(exception)) {
      return invalid(BeanValidation.violations(exception));
    }
    if (exception instanceof HttpMessageNotReadableException) {
      return Problem.of(
          "unreadable-input", "Bad Request", 400, "The request body could not be read as the expected document.");
    }
    return null;
  }

  private static Violation violation(String pointer, String message) {
    return new Violation(pointer, message == null ? "is invalid" : message);
  }

  private static Problem invalid(List<Violation> violations) {
    return InvalidInputException.toProblem(violations);
  }
}
