package dev.bulwark.spring.authz;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller method, or every method of a controller, as deliberately open to any
 * caller, so the start-up endpoint inventory lists it as public rather than unguarded.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Public {

  /** Why it is public, shown in the inventory. */
  String value() default "";
}
