package dev.bulwark.examples.notes;

import java.util.Map;

/**
 * The readiness check of the notes store, the one dependency of the example apps. A store backed
 * by a database would run {@code SELECT 1} here; the in-memory {@link NoteStore#ping()} counts its
 * notes. Each app registers it with Bulwark, which gives it a timeout; tests hand the apps a store
 * that fails or hangs, to show the probes still answer.
 */
@FunctionalInterface
public interface StoreCheck {

  /** Returns facts for operators; throws when the store does not answer. */
  Map<String, Object> check();
}
