package dev.bulwark.benchmarks;

import dev.bulwark.problem.ProblemWriter;
import dev.bulwark.validate.InputValidator;
import dev.bulwark.validate.InvalidInputException;
import dev.bulwark.validate.PlainText;
import jakarta.validation.constraints.NotBlank;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Validation and its error mapping, for a payload shaped like the examples' note ({@code @NotBlank
 * @PlainText(max = 200)} title, {@code @PlainText(max = 10_000, multiline = true)} body):
 *
 * <ul>
 *   <li>{@link #validNote}: Hibernate Validator through {@link InputValidator#check}, nothing wrong;
 *   <li>{@link #invalidNoteToProblemJson}: two violations (a blank title, a bidi override in the
 *       body) through {@code check}, the {@link InvalidInputException}, its RFC 9457 problem and the
 *       JSON body a client receives: the whole cost of answering bad input with a 422.
 * </ul>
 *
 * The difference between the two is what mapping a rejection costs on top of validating.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ValidationBenchmark {

  /** The payload. */
  public record Note(@NotBlank @PlainText(max = 200) String title, @PlainText(max = 10_000, multiline = true) String body) {}

  private InputValidator validator;
  private final Note valid = new Note("Shopping", "Milk, eggs, tea\nand bread");
  private final Note invalid = new Note(" ", "pay \u202Egnp.exe");

  /** Creates the validator and checks both payloads do what the benchmark claims. */
  @Setup
  public void setUp() {
    validator = InputValidator.create();
    validator.check(valid);
    if (!invalidNoteToProblemJson().contains("\"status\":422")) {
      throw new IllegalStateException("the invalid note was not answered with a 422 problem");
    }
  }

  /** Closes the validator. */
  @TearDown
  public void tearDown() {
    validator.close();
  }

  /** A valid note. */
  @Benchmark
  public Note validNote() {
    return validator.check(valid);
  }

  /** An invalid note, all the way to the problem body. */
  @Benchmark
  public String invalidNoteToProblemJson() {
    try {
      validator.check(invalid);
      throw new IllegalStateException("not rejected");
    } catch (InvalidInputException e) {
      return ProblemWriter.toJson(e.toProblem());
    }
  }
}
