package dev.bulwark.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The runtime dependency closure of a published artifact, as a user's build resolves it, checked
 * against the list committed in {@code docs/dependencies} and shown in the README, so that the
 * closure cannot grow (or shrink) unnoticed.
 *
 * <p>The build writes two runtime dependency trees of the module (maven-dependency-plugin's {@code
 * tree} goal, executions {@code dependency-closure} and {@code dependency-tree} in the parent POM).
 * A user does not get the module's optional dependencies, but the plain tree hangs a jar under the
 * first path that reaches it, optional or not, and the verbose one, which shows every path, can
 * leave a jar as an omitted duplicate of an occurrence it does not print. So the closure is the jars
 * reachable from the module's non-optional dependencies (the plain tree marks the others) over every
 * edge either tree shows. Each edge is real: a jar under another is its dependency. Versions are
 * left out, so an upgrade does not touch the lists; the SBOM and the parent POM hold them.
 *
 * <p>One blind spot: a jar the module also declares for its tests is resolved in test scope, so
 * neither runtime tree shows what that jar brings. The upstream module's own check still sees it
 * (core's list is checked in core, whose tests declare none of its runtime jars).
 */
public final class DependencyClosure {

  private DependencyClosure() {}

  private record Node(int depth, String key, String scope, boolean expanded, boolean optional) {}

  /**
   * Returns {@code groupId:artifactId:scope} of every jar a user of the module gets, sorted.
   *
   * @param verbose a verbose {@code dependency:tree} text output, the module itself on the first line
   * @param plain the plain {@code dependency:tree} text output of the same module
   */
  public static List<String> fromTrees(List<String> verbose, List<String> plain) {
    List<Node> verboseNodes = parse(verbose);
    List<Node> plainNodes = parse(plain);
    String root = verboseNodes.get(0).key();
    if (!plainNodes.get(0).key().equals(root)) {
      throw new IllegalArgumentException("two trees of different modules: " + root + ", " + plainNodes.get(0).key());
    }
    Map<String, List<Node>> children = new HashMap<>();
    addEdges(verboseNodes, children);
    addEdges(plainNodes, children);
    Set<String> optional = new HashSet<>();
    for (Node node : plainNodes) {
      if (node.depth() == 1 && node.optional()) {
        optional.add(node.key());
      }
    }
    Map<String, String> closure = new TreeMap<>();
    Deque<String> queue = new ArrayDeque<>();
    for (Node direct : children.getOrDefault(root, List.of())) {
      if (!optional.contains(direct.key())) {
        closure.merge(direct.key(), direct.scope(), DependencyClosure::wider);
        queue.add(direct.key());
      }
    }
    while (!queue.isEmpty()) {
      String parent = queue.poll();
      for (Node child : children.getOrDefault(parent, List.of())) {
        // What a runtime dependency brings is runtime too.
        String scope = closure.get(parent).equals("runtime") ? "runtime" : child.scope();
        String before = closure.get(child.key());
        if (!scope.equals(before) && !"compile".equals(before)) {
          closure.put(child.key(), before == null ? scope : wider(before, scope));
          queue.add(child.key());
        }
      }
    }
    List<String> out = new ArrayList<>();
    closure.forEach((key, scope) -> out.add(key + ":" + scope));
    return out;
  }

  private static void addEdges(List<Node> nodes, Map<String, List<Node>> children) {
    List<String> path = new ArrayList<>(List.of(nodes.get(0).key()));
    for (Node node : nodes.subList(1, nodes.size())) {
      children.computeIfAbsent(path.get(node.depth() - 1), k -> new ArrayList<>()).add(node);
      while (path.size() > node.depth()) {
        path.remove(path.size() - 1);
      }
      // An omitted node has no children of its own: they hang under the occurrence that was kept.
      path.add(node.expanded() ? node.key() : "(omitted)");
    }
  }

  private static String wider(String a, String b) {
    return a.equals("compile") || b.equals("compile") ? "compile" : a;
  }

  private static List<Node> parse(List<String> tree) {
    if (tree.isEmpty() || tree.get(0).startsWith("+-") || tree.get(0).startsWith("\\-")) {
      throw new IllegalArgumentException("not a dependency:tree output: it starts with the module itself");
    }
    List<Node> nodes = new ArrayList<>();
    for (String line : tree) {
      if (line.isBlank()) {
        continue;
      }
      int start = 0;
      while (start < line.length() && "|+-\\ ".indexOf(line.charAt(start)) >= 0) {
        start++;
      }
      String text = line.substring(start);
      boolean omitted = text.startsWith("(");
      String[] parts = (omitted ? text.substring(1) : text).split("[ )]")[0].split(":");
      if (parts.length < 4) {
        throw new IllegalArgumentException("not a dependency: " + line);
      }
      String scope = parts.length >= 5 ? parts[parts.length - 1] : "";
      nodes.add(new Node(start / 3, parts[0] + ":" + parts[1], scope, !omitted, text.endsWith("(optional)")));
    }
    return nodes;
  }

  /**
   * Asserts that the closure the build wrote for this module is the committed one, and that the
   * README shows the committed list.
   *
   * @param artifactId the published artifact, which names the list ({@code
   *     docs/dependencies/<artifactId>.txt} in the repository's root)
   */
  public static void assertCommitted(String artifactId) throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    while (!Files.exists(root.resolve("docs/dependencies"))) {
      root = root.getParent();
    }
    Path verbose = Path.of("target/dependency-closure.txt");
    Path plain = Path.of("target/dependency-tree.txt");
    assertThat(verbose).as("written by the build's dependency-closure execution (mvn verify)").exists();
    assertThat(plain).as("written by the build's dependency-tree execution (mvn verify)").exists();
    List<String> actual =
        fromTrees(Files.readAllLines(verbose, StandardCharsets.UTF_8), Files.readAllLines(plain, StandardCharsets.UTF_8));
    Path listed = root.resolve("docs/dependencies/" + artifactId + ".txt");
    List<String> expected = new ArrayList<>();
    for (String line : Files.readAllLines(listed, StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        expected.add(line.strip());
      }
    }
    assertThat(actual)
        .as(
            "the runtime closure of %s against %s; if the change is meant, write this list there and in the README,"
                + " section \"Modules and dependencies\":%n%s",
            artifactId, listed, String.join(System.lineSeparator(), actual))
        .containsExactlyElementsOf(expected);
    String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
    assertThat(readme)
        .as("the README lists the closure of %s as %s does", artifactId, listed)
        .contains("# " + artifactId + ": " + actual.size() + " ")
        .contains(String.join("\n", actual));
  }
}
