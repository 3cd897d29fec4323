package dev.bulwark.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** The servlets of the bare test application: one per kind of response. */
final class TestServlets {

  private TestServlets() {}

  /** Every servlet by mapping. */
  static Map<String, HttpServlet> all() {
    return Map.of(
        "/page", new Page(),
        "/api/json", new Json(),
        "/boom", new Boom(),
        "/post-only", new PostOnly(),
        "/leaky", new Leaky(),
        "/cached", new Cached(),
        "/api/upload", new Upload());
  }

  static final class Page extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/html;charset=UTF-8");
      Object nonce = req.getAttribute(BulwarkFilter.NONCE_ATTRIBUTE);
      resp.getWriter()
          .write("<!DOCTYPE html><html><body><p>page</p><script nonce=\"" + nonce + "\">1</script></body></html>");
    }
  }

  static final class Json extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("application/json");
      resp.getOutputStream().write("{\"ok\":true}".getBytes());
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("application/json");
      resp.setStatus(201);
      resp.getWriter().write("{\"created\":true}");
    }

    @Override
    protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      doPost(req, resp);
    }
  }

  static final class Boom extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      throw new IllegalStateException("connection to jdbc:postgresql://db/secret failed at /etc/app/config");
    }
  }

  static final class PostOnly extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
      resp.setStatus(204);
    }
  }

  static final class Leaky extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setHeader("X-Powered-By", "PHP/5.2");
      resp.addHeader("x-aspnet-version", "4.0");
      resp.setHeader("Server", "Apache/2.2");
      resp.setContentType("text/plain");
      resp.getWriter().write("leaky");
    }
  }

  /** Reads the whole body, as a JSON parser would, and answers its size. */
  static final class Upload extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      long size = req.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      resp.setContentType("application/json");
      resp.getWriter().write("{\"size\":" + size + "}");
    }
  }

  static final class Cached extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setHeader("Cache-Control", "public, max-age=60");
      resp.setContentType("application/json");
      resp.getWriter().write("[]");
    }
  }
}
