package dev.bulwark.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Texts Bulwark itself logged that contain no secret and must reach the log as written: the
 * readiness report, which names settings ({@code allow-credentials=true}) and addresses ({@code
 * 127.0.0.1}) that redaction would rewrite into a report that says something else. Only an exact
 * match counts, so no text a client influences can borrow the exemption. Keeps the last few (each
 * application in a JVM logs one report at start-up). Thread-safe.
 */
public final class OwnLogText {

  private static final int SLOTS = 8;
  private static final AtomicReferenceArray<String> TEXTS = new AtomicReferenceArray<>(SLOTS);
  private static int next;

  private OwnLogText() {}

  /** Records a text about to be logged. */
  public static synchronized void register(String text) {
    TEXTS.set(next, text);
    next = (next + 1) % SLOTS;
  }

  /** Returns whether a text is exactly one that Bulwark recorded. */
  public static boolean contains(String text) {
    for (int i = 0; i < SLOTS; i++) {
      String own = TEXTS.get(i);
      if (own != null && own.length() == text.length() && own.equals(text)) {
        return true;
      }
    }
    return false;
  }
}
