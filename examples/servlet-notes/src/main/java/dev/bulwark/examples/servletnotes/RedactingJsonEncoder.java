package dev.bulwark.examples.servletnotes;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import dev.bulwark.net.Redaction;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * Logback's own {@link JsonEncoder}, fed a view of each event whose text has gone through {@link
 * Redaction#redact}: the formatted message, MDC and key-value values, and exception messages
 * (causes and suppressed ones included). Secrets and full client addresses that some code logs by
 * mistake never reach the output; the raw argument array is dropped for the same reason.
 */
public final class RedactingJsonEncoder extends JsonEncoder {

  @Override
  public byte[] encode(ILoggingEvent event) {
    return super.encode(new RedactedEvent(event));
  }

  private record RedactedEvent(ILoggingEvent event) implements ILoggingEvent {
    @Override
    public String getThreadName() {
      return event.getThreadName();
    }

    @Override
    public Level getLevel() {
      return event.getLevel();
    }

    @Override
    public String getMessage() {
      return getFormattedMessage();
    }

    @Override
    public Object[] getArgumentArray() {
      return null;
    }

    @Override
    public String getFormattedMessage() {
      return Redaction.redact(event.getFormattedMessage());
    }

    @Override
    public String getLoggerName() {
      return event.getLoggerName();
    }

    @Override
    public LoggerContextVO getLoggerContextVO() {
      return event.getLoggerContextVO();
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
      IThrowableProxy proxy = event.getThrowableProxy();
      return proxy == null ? null : new RedactedThrowable(proxy);
    }

    @Override
    public StackTraceElement[] getCallerData() {
      return event.getCallerData();
    }

    @Override
    public boolean hasCallerData() {
      return event.hasCallerData();
    }

    @Override
    public List<Marker> getMarkerList() {
      return event.getMarkerList();
    }

    @Override
    public Map<String, String> getMDCPropertyMap() {
      Map<String, String> mdc = event.getMDCPropertyMap();
      if (mdc == null || mdc.isEmpty()) {
        return mdc;
      }
      Map<String, String> redacted = new LinkedHashMap<>();
      mdc.forEach((key, value) -> redacted.put(key, Redaction.redact(value)));
      return redacted;
    }

    @Override
    @SuppressWarnings("deprecation")
    public Map<String, String> getMdc() {
      return getMDCPropertyMap();
    }

    @Override
    public long getTimeStamp() {
      return event.getTimeStamp();
    }

    @Override
    public int getNanoseconds() {
      return event.getNanoseconds();
    }

    @Override
    public Instant getInstant() {
      return event.getInstant();
    }

    @Override
    public long getSequenceNumber() {
      return event.getSequenceNumber();
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
      List<KeyValuePair> pairs = event.getKeyValuePairs();
      if (pairs == null || pairs.isEmpty()) {
        return pairs;
      }
      return pairs.stream()
          .map(pair -> new KeyValuePair(pair.key, pair.value == null ? null : Redaction.redact(String.valueOf(pair.value))))
          .toList();
    }

    @Override
    public void prepareForDeferredProcessing() {
      event.prepareForDeferredProcessing();
    }
  }

  private record RedactedThrowable(IThrowableProxy proxy) implements IThrowableProxy {
    @Override
    public String getMessage() {
      return Redaction.redact(proxy.getMessage());
    }

    @Override
    public String getOverridingMessage() {
      return Redaction.redact(proxy.getOverridingMessage());
    }

    @Override
    public String getClassName() {
      return proxy.getClassName();
    }

    @Override
    public StackTraceElementProxy[] getStackTraceElementProxyArray() {
      return proxy.getStackTraceElementProxyArray();
    }

    @Override
    public int getCommonFrames() {
      return proxy.getCommonFrames();
    }

    @Override
    public IThrowableProxy getCause() {
      IThrowableProxy cause = proxy.getCause();
      return cause == null ? null : new RedactedThrowable(cause);
    }

    @Override
    public IThrowableProxy[] getSuppressed() {
      IThrowableProxy[] suppressed = proxy.getSuppressed();
      if (suppressed == null) {
        return null;
      }
      IThrowableProxy[] redacted = new IThrowableProxy[suppressed.length];
      for (int i = 0; i < suppressed.length; i++) {
        redacted[i] = new RedactedThrowable(suppressed[i]);
      }
      return redacted;
    }

    @Override
    public boolean isCyclic() {
      return proxy.isCyclic();
    }
  }
}
