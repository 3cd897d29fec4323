package dev.bulwark.servlet.internal;

import dev.bulwark.templates.TemplateFile;
import dev.bulwark.templates.TemplateSyntax;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the pages under a servlet application's web root for the template readiness check: JSPs
 * and JSP fragments ({@code .jsp}, {@code .jspf}, {@code .tag}) and static HTML ({@code .html},
 * {@code .htm}), through {@link ServletContext#getResourcePaths}, {@code /WEB-INF/} included
 * (where JSP views usually live) but not its {@code lib/} and {@code classes/}. At most {@value
 * #MAX_FILES} files of at most {@value #MAX_BYTES} bytes each are read, as UTF-8.
 */
public final class WebRootTemplates implements Supplier<List<TemplateFile>> {

  static final int MAX_FILES = 5_000;
  static final int MAX_BYTES = 1 << 20;
  private static final int MAX_DIRECTORIES = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(WebRootTemplates.class);

  private final ServletContext context;

  /** @param context the application whose web root is read */
  public WebRootTemplates(ServletContext context) {
    this.context = context;
  }

  @Override
  public List<TemplateFile> get() {
    List<TemplateFile> files = new ArrayList<>();
    Deque<String> directories = new ArrayDeque<>();
    directories.add("/");
    int visited = 0;
    while (!directories.isEmpty() && visited++ < MAX_DIRECTORIES && files.size() < MAX_FILES) {
      Set<String> paths = context.getResourcePaths(directories.poll());
      if (paths == null) {
        continue;
      }
      for (String path : new TreeSet<>(paths)) {
        if (path.endsWith("/")) {
          if (!path.equals("/WEB-INF/lib/") && !path.equals("/WEB-INF/classes/") && !path.equals("/META-INF/")) {
            directories.add(path);
          }
          continue;
        }
        TemplateSyntax syntax = syntax(path);
        if (syntax != null && files.size() < MAX_FILES) {
          String text = read(path);
          if (text != null) {
            files.add(new TemplateFile(path, text, syntax));
          }
        }
      }
    }
    return files;
  }

  private static TemplateSyntax syntax(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".jsp") || lower.endsWith(".jspf") || lower.endsWith(".tag")) {
      return TemplateSyntax.JSP;
    }
    if (lower.endsWith(".html") || lower.endsWith(".htm")) {
      return TemplateSyntax.HTML;
    }
    return null;
  }

  private String read(String path) {
    try (InputStream in = context.getResourceAsStream(path)) {
      if (in == null) {
        return null;
      }
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        LOG.debug("{} is over {} bytes; not scanned", path, MAX_BYTES);
        return null;
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      LOG.debug("{} could not be read; not scanned", path, e);
      return null;
    }
  }
}
