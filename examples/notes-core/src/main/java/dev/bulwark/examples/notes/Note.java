package dev.bulwark.examples.notes;

import java.time.Instant;

/**
 * One note.
 *
 * @param id the store's identifier
 * @param owner the user name of the author
 * @param title a short title
 * @param body the text
 * @param updatedAt when it last changed
 */
public record Note(long id, String owner, String title, String body, Instant updatedAt) {}
