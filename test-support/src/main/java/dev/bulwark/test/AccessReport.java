package dev.bulwark.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every request {@link CrossUserAccess#verify()} made and what it found, as a fixed-width table.
 * Returned when nothing leaked (print it to see what was proved); its failures are the message of
 * the {@link AssertionError} thrown otherwise.
 *
 * @param owner the name of the user whose objects were attacked
 * @param marker the unique string put into the owner's object and looked for in every answer
 * @param checks one entry per request, in the order they were made
 */
public record AccessReport(String owner, String marker, List<Check> checks) {

  /** Copies the checks. */
  public AccessReport {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(marker, "marker");
    checks = List.copyOf(checks);
  }

  /**
   * One request and what was wrong with its answer.
   *
   * @param user who sent it: an intruder's name, or the owner's followed by {@code (owner)} for the
   *     checks that make sure the others can fail
   * @param action what was tried: {@code CREATE}, {@code READ}, {@code LIST}, {@code CHANGE} or
   *     {@code DELETE}, or {@code -} for a finding about a user as a whole
   * @param method the HTTP method, or {@code -}
   * @param path the path and query as sent, or {@code -}
   * @param status the answer's status, or 0 when there is none
   * @param problems what leaked or went wrong; empty when the answer was as expected
   */
  public record Check(String user, String action, String method, String path, int status, List<String> problems) {

    /** Copies the problems. */
    public Check {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
      problems = List.copyOf(problems);
    }

    /** Whether the answer was as expected. */
    public boolean passed() {
      return problems.isEmpty();
    }
  }

  /** The checks that found a leak or a broken expectation. */
  public List<Check> failures() {
    return checks.stream().filter(check -> !check.passed()).toList();
  }

  /** Whether every check passed. */
  public boolean passed() {
    return checks.stream().allMatch(Check::passed);
  }

  /** The failures as a fixed-width table, with a heading that counts them. */
  public String failureMessage() {
    List<Check> failures = failures();
    return "Cross-user access: " + failures.size() + " of " + checks.size() + " checks failed (owner "
        + owner + ", marker " + marker + ")\n\n" + table(failures, "leak") + "\n" + LEGEND;
  }

  /** Every check as a fixed-width table. */
  @Override
  public String toString() {
    return "Cross-user access: " + checks.size() + " checks, " + failures().size() + " failed (owner " + owner
        + ", marker " + marker + ")\n\n" + table(checks, "result");
  }

  private static final String LEGEND =
      """
      A refusal is 401, 403 or 404. The marker is a unique string in the owner's object: in an
      intruder's answer, of any status, it means the object's content leaked. Rows marked (owner)
      are the helper's own controls: when they fail, the other checks prove nothing.
      """;

  private static String table(List<Check> rows, String lastHeading) {
    List<String[]> cells = new ArrayList<>();
    cells.add(new String[] {"intruder", "action", "method", "path", "status", lastHeading});
    for (Check check : rows) {
      cells.add(new String[] {
        check.user(), check.action(), check.method(), check.path(),
        check.status() == 0 ? "-" : Integer.toString(check.status()),
        check.passed() ? "ok" : String.join("; ", check.problems())
      });
    }
    int columns = cells.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : cells) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    appendRow(out, cells.get(0), widths);
    String[] rule = new String[columns];
    for (int i = 0; i < columns; i++) {
      rule[i] = "-".repeat(widths[i]);
    }
    appendRow(out, rule, widths);
    for (int r = 1; r < cells.size(); r++) {
      appendRow(out, cells.get(r), widths);
    }
    return out.toString();
  }

  private static void appendRow(StringBuilder out, String[] row, int[] widths) {
    for (int i = 0; i < row.length; i++) {
      if (i == row.length - 1) {
        out.append(row[i]);
      } else {
        out.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
      }
    }
    out.append('\n');
  }
}
