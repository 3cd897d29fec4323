package dev.bulwark.spring.authz;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Guards a controller method with the application's {@link dev.bulwark.authz.Policy policies},
 * before any argument is resolved: a caller is refused before the request body is read or
 * validated, so 400-versus-403 cannot reveal whether an object exists.
 *
 * <ul>
 *   <li>On a parameter of a resource type: loads the object named by the path variable {@link #id()}
 *       through the application's {@link dev.bulwark.authz.ResourceLookup} for that type, checks
 *       {@link #value()} and passes the loaded object in. A missing object answers 404, exactly like
 *       a hidden one.
 *       <pre>{@code @GetMapping("/notes/{id}") Note read(@Guarded("READ") Note note)}</pre>
 *   <li>On a parameter of type {@link dev.bulwark.authz.Scope}: passes the policy's scope for
 *       {@link #resource()} and the action, for the list query.
 *       <pre>{@code @GetMapping("/notes") List<Note> list(@Guarded(value = "LIST", resource = Note.class) Scope scope)}</pre>
 *   <li>On a method: checks a type-level action such as creating, with {@link #resource()}.
 *       <pre>{@code @Guarded(value = "CREATE", resource = Note.class) @PostMapping("/notes") ...}</pre>
 * </ul>
 *
 * <p>Action names, resource types, policies and lookups are all checked at start-up: a typo stops
 * the application instead of failing at the first request.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.METHOD})
public @interface Guarded {

  /** The action, the name of a constant of the policy's action enum, such as {@code READ}. */
  String value();

  /**
   * The resource type: required on methods and {@code Scope} parameters; on a resource parameter
   * the parameter's type is used.
   */
  Class<?> resource() default void.class;

  /** The path variable that holds the object's id, for resource parameters; default {@code id}. */
  String id() default "id";
}
