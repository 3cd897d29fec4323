package dev.bulwark.http;

import java.util.Set;

/**
 * Recognises the exceptions containers and frameworks throw when the client's request itself
 * cannot be parsed (a media type, a parameter's encoding, a multipart body), as opposed to a fault
 * of the application: those are the client's error, a 400, not a 500 that any client could
 * provoke at will to burn the error budget. Bulwark's own checks refuse the known shapes before the
 * application runs; this is the net behind them, judged by class name, since Bulwark
 * depends on neither container nor framework.
 */
final class ClientErrors {

  private static final Set<String> CLIENT_ERRORS =
      Set.of(
          // Spring: a media type in Accept or Content-Type that does not parse
          "org.springframework.util.InvalidMimeTypeException",
          "org.springframework.http.InvalidMediaTypeException",
          // Spring: a multipart body that does not parse (no boundary, truncated)
          "org.springframework.web.multipart.MultipartException",
          // Tomcat: a parameter whose escapes or charset do not decode
          "org.apache.tomcat.util.http.InvalidParameterException",
          "org.apache.coyote.BadRequestException",
          // Jetty: a request it refused while the application read it
          "org.eclipse.jetty.http.BadMessageException",
          // the JDK: a charset the request declared that the JVM does not know
          "java.nio.charset.IllegalCharsetNameException",
          "java.nio.charset.UnsupportedCharsetException");

  private ClientErrors() {}

  /** Returns whether the exception, or one of its causes, says the client's request did not parse. */
  static boolean isClientError(Throwable e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 16; t = t.getCause() == t ? null : t.getCause(), depth++) {
      for (Class<?> type = t.getClass(); type != null && type != Throwable.class; type = type.getSuperclass()) {
        if (CLIENT_ERRORS.contains(type.getName())) {
          return true;
        }
      }
    }
    return false;
  }
}
