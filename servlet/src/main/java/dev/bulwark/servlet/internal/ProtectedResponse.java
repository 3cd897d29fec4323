package dev.bulwark.servlet.internal;

import dev.bulwark.headers.HeaderPolicy;
import dev.bulwark.headers.HeaderWriter;
import dev.bulwark.headers.ResponseKind;
import dev.bulwark.http.Exchange;
import dev.bulwark.problem.Problem;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Wraps the response so that security headers are written at the last moment before commit, when
 * the final content type is known, and so that headers on the remove list never get through.
 * Errors sent with {@code sendError} become problem documents carrying the same headers, because a
 * container's error page would otherwise escape the filter.
 *
 * <p>The commit points are the first byte written, a flush, {@code sendError}, {@code
 * sendRedirect} and the end of the filter chain, the same ones Spring Security's {@code
 * OnCommittedResponseWrapper} watches.
 */
public final class ProtectedResponse extends HttpServletResponseWrapper implements HeaderWriter {

  private final HttpServletRequest request;
  private final Exchange state;
  private boolean headersWritten;
  private boolean errorSent;
  private GuardedOutputStream stream;
  private PrintWriter writer;
  private boolean refusedInput;

  public ProtectedResponse(HttpServletRequest request, HttpServletResponse response, Exchange state) {
    super(response);
    this.request = request;
    this.state = state;
  }

  /** Writes the security headers unless already written; called at every commit point. */
  public void beforeCommit() {
    if (headersWritten) {
      return;
    }
    headersWritten = true;
    HttpServletResponse response = (HttpServletResponse) getResponse();
    if (response.isCommitted()) {
      return;
    }
    HeaderPolicy policy = state.headerPolicy();
    boolean secure = state.client().secure();
    policy.apply(
        ResponseKind.of(response.getContentType()),
        secure,
        secure && state.client().isLocalHost(),
        state.nonce(),
        this);
  }

  /** Finishes the response after the chain: headers for responses that wrote no body. */
  public void finish() {
    beforeCommit();
  }

  /** Returns whether {@code sendError} turned this response into a problem document. */
  public boolean errorSent() {
    return errorSent;
  }

  @Override
  public boolean contains(String name) {
    return ((HttpServletResponse) getResponse()).containsHeader(name);
  }

  @Override
  public void set(String name, String value) {
    ((HttpServletResponse) getResponse()).setHeader(name, value);
  }

  @Override
  public void add(String name, String value) {
    ((HttpServletResponse) getResponse()).addHeader(name, value);
  }

  @Override
  public void setHeader(String name, String value) {
    if (!state.headerPolicy().isRemoved(name)) {
      super.setHeader(name, value);
    }
  }

  @Override
  public void addHeader(String name, String value) {
    if (!state.headerPolicy().isRemoved(name)) {
      super.addHeader(name, value);
    }
  }

  @Override
  public void setIntHeader(String name, int value) {
    if (!state.headerPolicy().isRemoved(name)) {
      super.setIntHeader(name, value);
    }
  }

  @Override
  public void addIntHeader(String name, int value) {
    if (!state.headerPolicy().isRemoved(name)) {
      super.addIntHeader(name, value);
    }
  }

  @Override
  public void setDateHeader(String name, long date) {
    if (!state.headerPolicy().isRemoved(name)) {
      super.setDateHeader(name, date);
    }
  }

  @Override
  public void addDateHeader(String name, long date) {
    if (!state.headerPolicy().isRemoved(name)) {
      super.addDateHeader(name, date);
    }
  }

  @Override
  public void sendError(int status) throws IOException {
    sendError(status, null);
  }

  /**
   * Answers with a problem document instead of the container's error page. The message argument
   * is deliberately not shown: frameworks put exception text there.
   */
  @Override
  public void sendError(int status, String message) throws IOException {
    if (isCommitted()) {
      throw new IllegalStateException("Cannot send an error after the response was committed");
    }
    Problem readFailure = state.bodyFailure();
    if (readFailure != null) {
      // A framework turned the failed read into its own error (often 400): say what the cause was.
      writeProblem(readFailure);
      return;
    }
    refusedInput = status == 400 || status == 422;
    writeProblem(Problem.ofStatus(status));
  }

  /**
   * Returns whether the application refused the request's input itself ({@code sendError} with 400
   * or 422: a body it could not parse or validate), which counts as invalid input like Bulwark's
   * own refusals do.
   */
  public boolean refusedInput() {
    return refusedInput;
  }

  /** Replaces whatever the response holds with a problem document and commits it. */
  public void writeProblem(Problem problem) throws IOException {
    HttpServletResponse response = (HttpServletResponse) getResponse();
    response.resetBuffer();
    errorSent = true;
    ProblemResponses.write(request, response, problem, state);
    headersWritten = true;
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    beforeCommit();
    super.sendRedirect(location);
  }

  @Override
  public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
    beforeCommit();
    super.sendRedirect(location, sc, clearBuffer);
  }

  @Override
  public void flushBuffer() throws IOException {
    beforeCommit();
    super.flushBuffer();
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    if (errorSent) {
      return DiscardingOutputStream.INSTANCE;
    }
    if (stream == null) {
      stream = new GuardedOutputStream(super.getOutputStream(), this);
    }
    return stream;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (errorSent) {
      return new PrintWriter(Writer.nullWriter());
    }
    if (writer == null) {
      writer = new GuardedWriter(super.getWriter(), this);
    }
    return writer;
  }

  /** An output stream that writes the headers before its first byte. */
  private static final class GuardedOutputStream extends ServletOutputStream {
    private final ServletOutputStream delegate;
    private final ProtectedResponse response;

    GuardedOutputStream(ServletOutputStream delegate, ProtectedResponse response) {
      this.delegate = delegate;
      this.response = response;
    }

    @Override
    public void write(int b) throws IOException {
      response.beforeCommit();
      delegate.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      response.beforeCommit();
      delegate.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      response.beforeCommit();
      delegate.flush();
    }

    @Override
    public void close() throws IOException {
      response.beforeCommit();
      delegate.close();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      delegate.setWriteListener(listener);
    }
  }

  /**
   * A writer that writes the headers before its first character. It hands every call straight to
   * the container's writer, whose own lock and error state apply: going through {@code
   * PrintWriter}'s methods as well would take a second lock for each of the many small writes a
   * template engine makes.
   */
  private static final class GuardedWriter extends PrintWriter {
    private final PrintWriter delegate;
    private final ProtectedResponse response;

    GuardedWriter(PrintWriter delegate, ProtectedResponse response) {
      super(delegate);
      this.delegate = delegate;
      this.response = response;
    }

    @Override
    public void write(int c) {
      response.beforeCommit();
      delegate.write(c);
    }

    @Override
    public void write(char[] buf, int off, int len) {
      response.beforeCommit();
      delegate.write(buf, off, len);
    }

    @Override
    public void write(char[] buf) {
      write(buf, 0, buf.length);
    }

    @Override
    public void write(String s, int off, int len) {
      response.beforeCommit();
      delegate.write(s, off, len);
    }

    @Override
    public void write(String s) {
      write(s, 0, s.length());
    }

    @Override
    public void println() {
      // PrintWriter.println writes the separator straight to the inner writer, past write()
      response.beforeCommit();
      delegate.println();
    }

    @Override
    public void flush() {
      response.beforeCommit();
      delegate.flush();
    }

    @Override
    public void close() {
      response.beforeCommit();
      delegate.close();
    }

    @Override
    public boolean checkError() {
      return delegate.checkError();
    }
  }

  /** Swallows writes after an error was sent, as a committed error response would. */
  private static final class DiscardingOutputStream extends ServletOutputStream {
    static final DiscardingOutputStream INSTANCE = new DiscardingOutputStream();

    @Override
    public void write(int b) {}

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {}
  }
}
