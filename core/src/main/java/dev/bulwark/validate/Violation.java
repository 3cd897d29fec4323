package dev.bulwark.validate;

/**
 * One broken constraint, as reported to the client: where and what, never the rejected value.
 *
 * @param pointer a JSON Pointer to the field, such as {@code /title} or {@code /items/0/name}
 * @param message what is wrong
 */
public record Violation(String pointer, String message) {}
