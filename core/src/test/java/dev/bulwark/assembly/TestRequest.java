package dev.bulwark.assembly;

import dev.bulwark.headers.HeaderWriter;
import dev.bulwark.http.RequestView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A request as the pipeline reads it, and a response's headers, for tests without a server. */
final class TestRequest implements RequestView {

  private final String method;
  private final String path;
  private final String query;
  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private String remoteAddress = "203.0.113.7";
  private long contentLength = -1;

  private TestRequest(String method, String path, String query) {
    this.method = method;
    this.path = path;
    this.query = query;
    header("Host", "app.example.com");
  }

  static TestRequest get(String path) {
    return new TestRequest("GET", path, null);
  }

  static TestRequest post(String path) {
    return new TestRequest("POST", path, null);
  }

  static TestRequest of(String method, String path, String query) {
    return new TestRequest(method, path, query);
  }

  TestRequest header(String name, String value) {
    headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
    return this;
  }

  /** Replaces the Host header. */
  TestRequest host(String host) {
    headers.put("host", new ArrayList<>(List.of(host)));
    return this;
  }

  TestRequest from(String address) {
    this.remoteAddress = address;
    return this;
  }

  TestRequest body(long length) {
    this.contentLength = length;
    return this;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String requestUri() {
    return path;
  }

  @Override
  public String queryString() {
    return query;
  }

  @Override
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null ? null : values.get(0);
  }

  @Override
  public Iterator<String> headers(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null ? Collections.emptyIterator() : values.iterator();
  }

  @Override
  public Iterator<String> headerNames() {
    return headers.keySet().iterator();
  }

  @Override
  public long contentLength() {
    return contentLength;
  }

  @Override
  public String remoteAddress() {
    return remoteAddress;
  }

  @Override
  public boolean secure() {
    return false;
  }

  /** Response headers, case-insensitive like HTTP. */
  static final class Headers implements HeaderWriter {
    final Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    @Override
    public boolean contains(String name) {
      return values.containsKey(name);
    }

    @Override
    public void set(String name, String value) {
      values.put(name, value);
    }

    @Override
    public void add(String name, String value) {
      values.merge(name, value, (first, next) -> first + ", " + next);
    }
  }
}
