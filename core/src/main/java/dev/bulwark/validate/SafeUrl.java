package dev.bulwark.validate;

import dev.bulwark.validate.internal.SafeUrlValidator;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A URL a browser may follow: an absolute URL whose scheme is on the allow-list ({@code https} and
 * {@code http} by default), read the way browsers read it, so {@code javascript:}, {@code data:}
 * and disguised variants ({@code java\tscript:}) are refused. {@code null} is valid.
 *
 * <p>An authority ({@code //...}, required for http and https) must be a host and an optional port
 * (at most 65535) and nothing else: user information is refused whatever it holds ({@code
 * http://user:pass@host} stores a credential, {@code http://good.example@evil.example} shows one
 * host and opens another); the host is a bracketed IPv6 literal that parses ({@code http://[::1}
 * and {@code http://[nonsense]} are refused) or a name whose dot-separated labels are letters (any
 * script), digits, {@code -} and {@code _} and start and end with a letter or digit, without
 * {@code %}-encoding. Scheme-relative URLs
 * ({@code //host/path}, with {@link #allowRelative()}) are held to the same rule.
 */
@Documented
@Constraint(validatedBy = SafeUrlValidator.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface SafeUrl {

  /** The message. */
  String message() default "must be an http or https URL";

  /** The allowed schemes, lower case; default https and http. */
  String[] schemes() default {"https", "http"};

  /** Whether relative URLs (no scheme) are allowed; default {@code false}. */
  boolean allowRelative() default false;

  /** The longest URL allowed; default 2,048. */
  int max() default 2048;

  /** Validation groups. */
  Class<?>[] groups() default {};

  /** Payload. */
  Class<? extends Payload>[] payload() default {};
}
