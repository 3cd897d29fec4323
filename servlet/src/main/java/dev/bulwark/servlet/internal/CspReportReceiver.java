package dev.bulwark.servlet.internal;

import dev.bulwark.events.SecurityEvent;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.headers.CspReports;
import dev.bulwark.http.Exchange;
import dev.bulwark.problem.Problem;
import dev.bulwark.problem.Problems;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Receives CSP violation reports (the classic {@code application/csp-report} body and the Reporting
 * API's {@code application/reports+json}), counts every one and logs a bounded number: any page
 * can send reports, so a flood must cost neither disk nor CPU.
 *
 * <p>Anyone can post here, so the body is bounded in size and in time. A declared length over
 * {@value #MAX_BODY} bytes is refused (413) unread; a chunked body is read no further than that
 * (413); both answers close the connection, so the container never drains the rest. The body is
 * read with non-blocking I/O, so a client that trickles it holds no request thread while it waits,
 * and one that has not finished within {@link #DEADLINE_SECONDS} seconds gets a 408 and a closed
 * connection. Where the filter chain does not support async (a filter ahead of Bulwark's registered
 * without it) the body is read blocking, still bounded in size, and the container's idle timeout
 * is then the only bound in time.
 */
public final class CspReportReceiver {

  /** A report is a few hundred bytes; the Reporting API batches a few. */
  static final int MAX_BODY = 16 * 1024;

  /** How long the whole body may take to arrive. */
  static final long DEADLINE_SECONDS = 5;

  private final SecurityEvents events;
  private final CspReports reports;

  public CspReportReceiver(SecurityEvents events, CspReports reports) {
    this.events = events;
    this.reports = reports;
  }

  /**
   * Reads, counts and maybe logs one report and answers it: 204, or a problem (413 too large, 408
   * too slow). Finishes the response itself (security headers included), possibly later on a
   * container thread when the body arrives asynchronously.
   */
  public void receive(HttpServletRequest request, HttpServletResponse response, Exchange state) throws IOException {
    if (request.getContentLengthLong() > MAX_BODY) {
      refuse(request, response, state, Problems.bodyTooLarge(MAX_BODY));
      return;
    }
    if (!request.isAsyncSupported()) {
      receiveBlocking(request, response, state);
      return;
    }
    AsyncContext async = request.startAsync(request, response);
    async.setTimeout(TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS));
    Reading reading = new Reading(request, response, state, async);
    async.addListener(reading);
    request.getInputStream().setReadListener(reading);
  }

  private void receiveBlocking(HttpServletRequest request, HttpServletResponse response, Exchange state)
      throws IOException {
    byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      refuse(request, response, state, Problems.bodyTooLarge(MAX_BODY));
      return;
    }
    accept(body, body.length, request, response, state);
  }

  /** Counts and maybe logs the report, then answers 204. */
  private void accept(byte[] body, int length, HttpServletRequest request, HttpServletResponse response, Exchange state) {
    reports.received(body, length);
    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    new ProtectedResponse(request, response, state).finish();
  }

  /**
   * Answers with a problem and closes the connection: the rest of the body is never read, and an
   * HTTP/1.1 client must not send its next request on this connection.
   */
  private void refuse(HttpServletRequest request, HttpServletResponse response, Exchange state, Problem problem)
      throws IOException {
    events.record(SecurityEvent.INVALID_INPUT);
    response.setHeader("Connection", "close");
    ProblemResponses.write(request, response, problem, state);
  }

  /** One report's body as it arrives, and the one answer it gets, whichever comes first. */
  private final class Reading implements ReadListener, AsyncListener {
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final Exchange state;
    private final AsyncContext async;
    private final AtomicBoolean answered = new AtomicBoolean();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(512);
    private final byte[] buffer = new byte[2048];

    Reading(HttpServletRequest request, HttpServletResponse response, Exchange state, AsyncContext async) {
      this.request = request;
      this.response = response;
      this.state = state;
      this.async = async;
    }

    @Override
    public void onDataAvailable() throws IOException {
      ServletInputStream in = request.getInputStream();
      // Read only while the container says a read will not block; it calls again when more comes.
      while (!answered.get() && in.isReady()) {
        int n = in.read(buffer);
        if (n < 0) {
          return;
        }
        body.write(buffer, 0, n);
        if (body.size() > MAX_BODY) {
          answer(Problems.bodyTooLarge(MAX_BODY));
          return;
        }
      }
    }

    @Override
    public void onAllDataRead() throws IOException {
      if (answered.compareAndSet(false, true)) {
        try {
          accept(body.toByteArray(), body.size(), request, response, state);
        } finally {
          async.complete();
        }
      }
    }

    @Override
    public void onError(Throwable failure) {
      // The client went away or the container gave up on the read: nothing useful to answer.
      if (answered.compareAndSet(false, true)) {
        async.complete();
      }
    }

    @Override
    public void onTimeout(AsyncEvent event) throws IOException {
      answer(Problems.bodyTimeout(DEADLINE_SECONDS));
    }

    @Override
    public void onComplete(AsyncEvent event) {}

    @Override
    public void onError(AsyncEvent event) {
      onError(event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}

    private void answer(Problem problem) throws IOException {
      if (!answered.compareAndSet(false, true)) {
        return;
      }
      try {
        if (!response.isCommitted()) {
          refuse(request, response, state, problem);
        }
      } finally {
        async.complete();
      }
    }
  }
}
