package dev.bulwark.spring.autoconfigure;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.events.SecurityEvents;
import dev.bulwark.servlet.tomcat.BulwarkErrorReportValve;
import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Replaces the embedded Tomcat's error report valve with {@link BulwarkErrorReportValve}, so the
 * errors Tomcat answers itself, before any filter runs (a malformed request line, header or URI, a
 * header block over {@code server.max-http-request-header-size}), are problem documents or the
 * minimal HTML page with the security headers, like every other error. Stated at start-up;
 * {@code bulwark.defaults.tomcat-error-report=false} keeps Tomcat's own valve.
 */
@AutoConfiguration(after = BulwarkAutoConfiguration.class)
@ConditionalOnClass({ErrorReportValve.class, TomcatServletWebServerFactory.class})
@ConditionalOnBean(BulwarkConfig.class)
@ConditionalOnBooleanProperty(name = "bulwark.defaults.tomcat-error-report", matchIfMissing = true)
public final class BulwarkTomcatConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(BulwarkTomcatConfiguration.class);

  /** Installs the valve on the host of the application's context. */
  @Bean
  @ConditionalOnMissingBean(name = "bulwarkTomcatErrorReport")
  public WebServerFactoryCustomizer<TomcatServletWebServerFactory> bulwarkTomcatErrorReport(
      BulwarkConfig config, SecurityEvents events) {
    LOG.info(
        "Bulwark replaces the embedded Tomcat's error report valve with its own (errors Tomcat answers itself get"
            + " problem documents and the security headers); bulwark.defaults.tomcat-error-report=false keeps Tomcat's");
    return new ErrorReportCustomizer(config, events);
  }

  /**
   * Runs after Spring Boot's own Tomcat customizer, which adds an {@link ErrorReportValve} of its
   * own (report and server info off), and takes its place.
   */
  static final class ErrorReportCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
    private final BulwarkConfig config;
    private final SecurityEvents events;

    ErrorReportCustomizer(BulwarkConfig config, SecurityEvents events) {
      this.config = config;
      this.events = events;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
      factory.addContextCustomizers(context -> install(context.getParent()));
    }

    private void install(Container host) {
      if (host == null) {
        return;
      }
      Pipeline pipeline = host.getPipeline();
      for (Valve valve : pipeline.getValves()) {
        if (valve instanceof BulwarkErrorReportValve) {
          return;
        }
        if (valve instanceof ErrorReportValve) {
          pipeline.removeValve(valve);
        }
      }
      // The filter's counters: the requests Tomcat refuses itself count as invalid_input too.
      pipeline.addValve(new BulwarkErrorReportValve(config, events));
      if (host instanceof StandardHost standard) {
        // The host adds a valve of this class when it starts unless one is there: name ours.
        standard.setErrorReportValveClass(BulwarkErrorReportValve.class.getName());
      }
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }
  }
}
