package dev.bulwark.examples.notes;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Credentials of the demo users, as the example apps' tests send them. */
public final class NotesClient {

  private NotesClient() {}

  /** The {@code Authorization} value of a demo user with its local default password. */
  public static String basic(String user) {
    return basic(user, DemoUsers.DEFAULT_PASSWORDS.get(user));
  }

  /** The {@code Authorization} value of any user and password. */
  public static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
