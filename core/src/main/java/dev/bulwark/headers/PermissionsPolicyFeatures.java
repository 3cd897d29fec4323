package dev.bulwark.headers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code Permissions-Policy} feature names browsers recognise, to flag a configured name they
 * do not at start-up: Chromium logs an error in the console of every page for each name it does
 * not know (OWASP's list names {@code web-share}, which Chromium on Linux does not have).
 */
public final class PermissionsPolicyFeatures {

  /**
   * Every feature Chromium 156 on Linux recognises, as its DevTools protocol lists them ({@code
   * Page.getPermissionsPolicyState}); {@code BrowserDefaultsTest} serves a policy naming all of
   * them and sees no console message. Client hints ({@code ch-*}) included.
   */
  public static final Set<String> CHROMIUM =
      Set.of(
          "accelerometer", "aria-notify", "autoplay", "browsing-topics", "camera",
          "captured-surface-control", "ch-device-memory", "ch-downlink", "ch-dpr", "ch-ect",
          "ch-prefers-color-scheme", "ch-prefers-reduced-motion", "ch-prefers-reduced-transparency",
          "ch-rtt", "ch-save-data", "ch-ua", "ch-ua-arch", "ch-ua-bitness", "ch-ua-form-factors",
          "ch-ua-full-version", "ch-ua-full-version-list", "ch-ua-high-entropy-values", "ch-ua-mobile",
          "ch-ua-model", "ch-ua-platform", "ch-ua-platform-version", "ch-ua-wow64",
          "ch-viewport-height", "ch-viewport-width", "ch-width", "clipboard-read", "clipboard-write",
          "compute-pressure", "cross-origin-isolated", "deferred-fetch", "deferred-fetch-minimal",
          "digital-credentials-create", "digital-credentials-get", "display-capture",
          "encrypted-media", "fullscreen", "gamepad", "geolocation", "gyroscope", "hid",
          "identity-credentials-get", "idle-detection", "interest-cohort", "keyboard-map",
          "language-detector", "language-model", "local-fonts", "local-network",
          "local-network-access", "loopback-network", "magnetometer",
          "media-playback-while-not-visible", "microphone", "midi", "on-device-speech-recognition",
          "otp-credentials", "payment", "picture-in-picture", "private-state-token-issuance",
          "private-state-token-redemption", "publickey-credentials-create",
          "publickey-credentials-get", "screen-wake-lock", "serial", "speaker-selection",
          "storage-access", "summarizer", "sync-xhr", "translator", "unload", "usb",
          "window-management", "xr-spatial-tracking");

  private PermissionsPolicyFeatures() {}

  /**
   * Returns the feature names in a {@code Permissions-Policy} value that are not in {@link
   * #CHROMIUM}, in order, each once. Members are split at top-level commas; a member without
   * {@code =} is taken whole as its name.
   */
  public static List<String> unrecognised(String policy) {
    List<String> unknown = new ArrayList<>();
    for (String member : policy.split(",")) {
      int equals = member.indexOf('=');
      String name = (equals < 0 ? member : member.substring(0, equals)).trim();
      if (!name.isEmpty() && !CHROMIUM.contains(name.toLowerCase(Locale.ROOT)) && !unknown.contains(name)) {
        unknown.add(name);
      }
    }
    return unknown;
  }
}
