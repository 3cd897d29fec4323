package dev.bulwark.servlet.internal;

import dev.bulwark.http.Exchange;
import dev.bulwark.http.Verdict;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Writes the pipeline's answers to a servlet response. */
public final class Answers {

  private final CspReportReceiver reports;

  public Answers(CspReportReceiver reports) {
    this.reports = reports;
  }

  /** Writes a verdict that answers the request; returns the status written. */
  public int write(Verdict verdict, HttpServletRequest request, HttpServletResponse response, Exchange exchange)
      throws IOException {
    try {
      switch (verdict.kind()) {
        case REFUSE -> {
          if (!exchange.readable()) {
            response.resetBuffer();
          }
          ProblemResponses.write(request, response, verdict.problem(), exchange);
        }
        case ANSWER -> {
          response.setStatus(verdict.status());
          new ProtectedResponse(request, response, exchange).finish();
        }
        case HAND_OFF -> reports.receive(request, response, exchange);
        case CONTINUE -> throw new IllegalStateException("nothing to answer");
      }
    } catch (RuntimeException writing) {
      // Even the answer could not be written from this request (its Accept or method threw): the
      // bare status is still the client's error, not the server's.
      if (!response.isCommitted()) {
        response.reset();
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setHeader("Connection", "close");
        response.setContentLength(0);
      }
      return HttpServletResponse.SC_BAD_REQUEST;
    }
    return response.getStatus();
  }
}
