package dev.bulwark.test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Ready-made credentials for {@link CrossUserAccess}. Credentials are just a function that adds
 * whatever identifies a user to a request, so anything an application accepts works: write a
 * lambda for session cookies plus a CSRF header, a client certificate is set on the {@link
 * java.net.http.HttpClient} instead.
 */
public final class Credentials {

  private Credentials() {}

  /** HTTP Basic: {@code Authorization: Basic base64(user:password)}, UTF-8 encoded. */
  public static UnaryOperator<HttpRequest.Builder> basic(String user, String password) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return header("Authorization", "Basic " + token);
  }

  /** A bearer token, such as an OAuth access token or a JWT: {@code Authorization: Bearer token}. */
  public static UnaryOperator<HttpRequest.Builder> bearer(String token) {
    Objects.requireNonNull(token, "token");
    return header("Authorization", "Bearer " + token);
  }

  /** One cookie, such as a session id: {@code Cookie: name=value}. */
  public static UnaryOperator<HttpRequest.Builder> cookie(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    return header("Cookie", name + "=" + value);
  }

  /** Any one header, such as an API key. */
  public static UnaryOperator<HttpRequest.Builder> header(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    return request -> request.header(name, value);
  }

  /** No credentials at all: an anonymous caller. */
  public static UnaryOperator<HttpRequest.Builder> none() {
    return request -> request;
  }
}
