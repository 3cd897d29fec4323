package dev.bulwark.validate.internal;

import dev.bulwark.encode.Encode;
import dev.bulwark.validate.SafeUrl;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Locale;
import java.util.Set;

/** Checks {@link SafeUrl}. */
public final class SafeUrlValidator implements ConstraintValidator<SafeUrl, CharSequence> {

  private Set<String> schemes;
  private boolean allowRelative;
  private int max;

  @Override
  public void initialize(SafeUrl annotation) {
    this.schemes = Set.of(annotation.schemes()).stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    this.allowRelative = annotation.allowRelative();
    this.max = annotation.max();
  }

  @Override
  public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
    if (value == null) {
      return true;
    }
    String url = value.toString();
    if (url.isEmpty() || url.length() > max) {
      return false;
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"' || c == '\\') {
        return false;
      }
    }
    String safe = Encode.safeUrl(url);
    if (Encode.REFUSED_HREF.equals(safe)) {
      return false;
    }
    int colon = url.indexOf(':');
    int slash = url.indexOf('/');
    boolean hasScheme = colon > 0 && (slash < 0 || colon < slash);
    if (!hasScheme) {
      return allowRelative;
    }
    String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!schemes.contains(scheme)) {
      return false;
    }
    if (scheme.equals("http") || scheme.equals("https")) {
      return url.startsWith("//", colon + 1) && url.length() > colon + 3 && url.charAt(colon + 3) != '/';
    }
    return true;
  }
}
