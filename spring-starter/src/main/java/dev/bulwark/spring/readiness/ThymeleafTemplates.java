package dev.bulwark.spring.readiness;

import dev.bulwark.templates.TemplateFile;
import dev.bulwark.templates.TemplateSyntax;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Reads the application's Thymeleaf templates for the template readiness check: every file under
 * {@code spring.thymeleaf.prefix} ({@code classpath:/templates/}, read as {@code classpath*:} so
 * every jar's templates count) ending in {@code spring.thymeleaf.suffix} ({@code .html}), in {@code
 * spring.thymeleaf.encoding} (UTF-8). A file that cannot be read is skipped; at most {@value
 * #MAX_FILES} files of at most {@value #MAX_BYTES} bytes are read, so start-up stays quick.
 */
public final class ThymeleafTemplates implements Supplier<List<TemplateFile>> {

  static final int MAX_FILES = 5_000;
  static final int MAX_BYTES = 1 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(ThymeleafTemplates.class);

  private final ResourcePatternResolver resolver;
  private final Environment environment;

  /**
   * @param resolver finds the templates (the application context)
   * @param environment holds the {@code spring.thymeleaf.*} settings
   */
  public ThymeleafTemplates(ResourcePatternResolver resolver, Environment environment) {
    this.resolver = resolver;
    this.environment = environment;
  }

  @Override
  public List<TemplateFile> get() {
    String prefix = environment.getProperty("spring.thymeleaf.prefix", "classpath:/templates/");
    String suffix = environment.getProperty("spring.thymeleaf.suffix", ".html");
    Charset charset = charset(environment.getProperty("spring.thymeleaf.encoding", "UTF-8"));
    String location = prefix;
    String shown = prefix;
    if (prefix.startsWith("classpath:")) {
      String path = prefix.substring("classpath:".length());
      while (path.startsWith("/")) {
        path = path.substring(1);
      }
      location = "classpath*:" + path;
      shown = path;
    }
    if (!location.endsWith("/")) {
      location += "/";
      shown += "/";
    }
    try {
      List<String> roots = new ArrayList<>();
      for (Resource root : resolver.getResources(location)) {
        roots.add(root.getURL().toString());
      }
      List<TemplateFile> files = new ArrayList<>();
      for (Resource resource : resolver.getResources(location + "**/*" + suffix)) {
        if (files.size() >= MAX_FILES) {
          LOG.info("Template scan stopped at {} files under {}", MAX_FILES, location);
          break;
        }
        if (!resource.isReadable()) {
          continue;
        }
        String url = resource.getURL().toString();
        String name = shown + resource.getFilename();
        for (String root : roots) {
          if (url.startsWith(root)) {
            name = shown + url.substring(root.length());
            break;
          }
        }
        String found = name;
        read(resource, charset).ifPresent(text -> files.add(new TemplateFile(found, text, TemplateSyntax.THYMELEAF)));
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not list the templates under " + location, e);
    }
  }

  private static Charset charset(String name) {
    try {
      return Charset.forName(name.trim());
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8; // Thymeleaf itself refuses the name; the scan reads UTF-8
    }
  }

  private static java.util.Optional<String> read(Resource resource, Charset charset) {
    try (InputStream in = resource.getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        LOG.debug("Template {} is over {} bytes; not scanned", resource, MAX_BYTES);
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(new String(bytes, charset));
    } catch (IOException e) {
      LOG.debug("Template {} could not be read; not scanned", resource, e);
      return java.util.Optional.empty();
    }
  }
}
