package dev.bulwark.servlet;

import dev.bulwark.headers.CspNonce;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * {@code GET /xss?context=HTML_TEXT}: every corpus vector encoded for one {@link XssContext}, then
 * that context's control vector inserted <em>without</em> encoding (inside {@code data-control}),
 * then an end marker. The control proves, on the very same page, that the detectors see a script
 * that runs; the end marker proves that no encoded value swallowed the rest of the page.
 */
final class XssPageServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** The ids of the vectors: their line numbers in the corpus file. */
  private final transient List<XssVectors.Vector> vectors;

  XssPageServlet(List<XssVectors.Vector> vectors) {
    this.vectors = vectors;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    XssContext context = XssContext.valueOf(request.getParameter("context"));
    // With Bulwark's CSP on, the page's own scripts and style blocks carry the response's nonce.
    Object nonce = request.getAttribute(BulwarkFilter.NONCE_ATTRIBUTE);
    String nonceAttribute = nonce instanceof CspNonce n ? " nonce=\"" + n.value() + "\"" : "";
    StringBuilder out = new StringBuilder(vectors.size() * 200);
    out.append("<!DOCTYPE html>\n<html data-h lang=\"en\"><head data-h><meta data-h charset=\"utf-8\">")
        .append("<title data-h>").append(context).append("</title>")
        .append("<style data-h").append(nonceAttribute).append(">[data-r=css-var]::after{content:var(--a)}</style>")
        .append("</head><body data-h>\n");
    for (XssVectors.Vector vector : vectors) {
      context.render(out, String.valueOf(vector.line()), context.encode(vector.text()), nonceAttribute);
    }
    out.append("<div data-h data-control data-v=\"control\">");
    context.render(out, "control", context.control(), nonceAttribute);
    out.append("</div>\n<p data-h id=\"end\">end</p>\n</body></html>\n");
    response.setContentType("text/html;charset=UTF-8");
    response.getWriter().write(out.toString());
  }
}
