package dev.bulwark.examples.springnotes;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * What clients send to create or change a note.
 *
 * @param title required, at most 200 characters
 * @param body optional, at most 10,000 characters
 */
record NoteInput(@NotBlank @Size(max = 200) String title, @Size(max = 10_000) String body) {

  String bodyOrEmpty() {
    return body == null ? "" : body;
  }
}
