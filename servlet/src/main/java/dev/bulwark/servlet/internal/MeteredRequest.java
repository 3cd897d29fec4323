package dev.bulwark.servlet.internal;

import dev.bulwark.limits.BodyMeter;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** A request whose body is read through the request limits' {@link BodyMeter}. */
public final class MeteredRequest extends HttpServletRequestWrapper {

  private final BodyMeter meter;
  private MeteredStream stream;
  private BufferedReader reader;

  public MeteredRequest(HttpServletRequest request, BodyMeter meter) {
    super(request);
    this.meter = meter;
  }

  @Override
  public ServletInputStream getInputStream() throws IOException {
    if (stream == null) {
      stream = new MeteredStream(super.getInputStream(), meter);
    }
    return stream;
  }

  @Override
  public BufferedReader getReader() throws IOException {
    if (reader == null) {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
    return reader;
  }

  private static final class MeteredStream extends ServletInputStream {
    private final ServletInputStream delegate;
    private final BodyMeter meter;

    MeteredStream(ServletInputStream delegate, BodyMeter meter) {
      this.delegate = delegate;
      this.meter = meter;
    }

    @Override
    public int read() throws IOException {
      int b = delegate.read();
      meter.read(b);
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int read = delegate.read(buffer, offset, length);
      meter.read(buffer, offset, read);
      return read;
    }

    @Override
    public boolean isFinished() {
      return delegate.isFinished();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      delegate.setReadListener(listener);
    }
  }
}
