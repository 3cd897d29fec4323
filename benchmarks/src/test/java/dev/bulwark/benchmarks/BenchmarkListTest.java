package dev.bulwark.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The benchmarks jar runs what this module declares: JMH's annotation processor wrote every class
 * with a {@code @Benchmark} method into {@code META-INF/BenchmarkList}, whichever javac compiled it
 * (javac 23 and later skip a processor that is only on the class path).
 */
class BenchmarkListTest {

  @Test
  void everyBenchmarkClassIsListed() throws Exception {
    List<String> declared = benchmarkClasses();
    assertThat(declared).as("classes with @Benchmark methods").isNotEmpty();
    String list;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/BenchmarkList")) {
      assertThat(in).as("META-INF/BenchmarkList, written by JMH's annotation processor").isNotNull();
      list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String name : declared) {
      assertThat(list).as("BenchmarkList names %s", name).contains(" " + name + " ");
    }
  }

  /** The module's classes, outside the generated ones, that declare a {@code @Benchmark} method. */
  private static List<String> benchmarkClasses() throws IOException, ClassNotFoundException {
    Path root = Path.of(BulwarkFilterBenchmark.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    List<String> names;
    try (Stream<Path> files = Files.walk(root)) {
      names =
          files
              .map(root::relativize)
              .map(Path::toString)
              .filter(name -> name.endsWith(".class") && !name.contains("jmh_generated") && !name.contains("$"))
              .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
              .toList();
    }
    List<String> benchmarks = new java.util.ArrayList<>();
    for (String name : names) {
      Method[] methods = Class.forName(name, false, BenchmarkListTest.class.getClassLoader()).getDeclaredMethods();
      if (Arrays.stream(methods).anyMatch(method -> method.isAnnotationPresent(Benchmark.class))) {
        benchmarks.add(name);
      }
    }
    return benchmarks;
  }
}
