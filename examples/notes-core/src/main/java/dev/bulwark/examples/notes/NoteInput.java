package dev.bulwark.examples.notes;

import dev.bulwark.validate.PlainText;
import jakarta.validation.constraints.NotBlank;

/**
 * What clients send to create or change a note, with the constraints both apps enforce.
 *
 * @param title required plain text, at most 200 characters, one line
 * @param body optional plain text, at most 10,000 characters, line breaks allowed
 */
public record NoteInput(
    @NotBlank @PlainText(max = 200) String title,
    @PlainText(max = 10_000, multiline = true) String body) {

  /** Returns the body, or the empty string when there is none. */
  public String bodyOrEmpty() {
    return body == null ? "" : body;
  }
}
