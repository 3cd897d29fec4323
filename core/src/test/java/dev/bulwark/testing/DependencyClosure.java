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
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The runtime dependency closure of a published artifact, as a user's build resolves it, checked
 * against the list committed in {@code docs/dependencies} and shown in the README, so that the
 * closure cannot grow (or shrink) unnoticed.
 *
 * <p>The build writes the module's verbose runtime dependency tree to {@code
 * target/dependency-closure.txt} (maven-dependency-plugin's {@code tree} goal, execution {@code
 * dependency-closure} in the parent POM). A user does not get the module's optional dependencies,
 * but the tree hangs a jar under the first path that reaches it, optional or not, so the closure is
 * the jars reachable from the module's non-optional dependencies (read from its {@code pom.xml}),
 * following every edge the verbose tree shows, duplicates included. Versions are left out, so an
 * upgrade does not touch the lists; the SBOM and the parent POM hold them.
 */
public final class DependencyClosure {

  private DependencyClosure() {}

  private record Node(String key, String scope, boolean expanded) {}

  /**
   * Returns {@code groupId:artifactId:scope} of every jar a user of the module gets, sorted.
   *
   * @param tree a verbose {@code dependency:tree} text output, the module itself on the first line
   * @param optional {@code groupId:artifactId} of the module's optional dependencies
   */
  public static List<String> fromTree(List<String> tree, Set<String> optional) {
    if (tree.isEmpty() || tree.get(0).startsWith("+-") || tree.get(0).startsWith("\\-")) {
      throw new IllegalArgumentException("not a dependency:tree output: it starts with the module itself");
    }
    String root = parse(tree.get(0)).key();
    Map<String, List<Node>> children = new HashMap<>();
    List<String> path = new ArrayList<>(List.of(root));
    for (String line : tree.subList(1, tree.size())) {
      if (line.isBlank()) {
        continue;
      }
      int start = 0;
      while (start < line.length() && "|+-\\ ".indexOf(line.charAt(start)) >= 0) {
        start++;
      }
      int depth = start / 3;
      Node node = parse(line.substring(start));
      children.computeIfAbsent(path.get(depth - 1), k -> new ArrayList<>()).add(node);
      while (path.size() > depth) {
        path.remove(path.size() - 1);
      }
      // An omitted node has no children of its own: they hang under the occurrence that was kept.
      path.add(node.expanded() ? node.key() : "(omitted)");
    }
    Map<String, String> closure = new TreeMap<>();
    Deque<String> queue = new ArrayDeque<>();
    for (Node direct : children.getOrDefault(root, List.of())) {
      if (!optional.contains(direct.key()) && closure.merge(direct.key(), direct.scope(), DependencyClosure::wider) != null) {
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

  private static String wider(String a, String b) {
    return a.equals("compile") || b.equals("compile") ? "compile" : a;
  }

  private static Node parse(String text) {
    boolean omitted = text.startsWith("(");
    String coordinates = (omitted ? text.substring(1) : text).split("[ )]")[0];
    String[] parts = coordinates.split(":");
    if (parts.length < 4) {
      throw new IllegalArgumentException("not a dependency: " + text);
    }
    return new Node(parts[0] + ":" + parts[1], parts.length >= 5 ? parts[parts.length - 1] : "", !omitted);
  }

  /** Returns {@code groupId:artifactId} of the dependencies a {@code pom.xml} declares optional. */
  static Set<String> optionalIn(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document = factory.newDocumentBuilder().parse(pom.toFile());
    NodeList dependencies =
        (NodeList)
            XPathFactory.newInstance()
                .newXPath()
                .evaluate("/project/dependencies/dependency", document, XPathConstants.NODESET);
    Set<String> optional = new HashSet<>();
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      if ("true".equals(text(dependency, "optional"))) {
        optional.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId"));
      }
    }
    return optional;
  }

  private static String text(Element parent, String name) {
    NodeList found = parent.getElementsByTagName(name);
    return found.getLength() == 0 ? null : found.item(0).getTextContent().strip();
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
    Path tree = Path.of("target/dependency-closure.txt");
    assertThat(tree).as("written by the build's dependency-closure execution (mvn verify)").exists();
    List<String> actual = fromTree(Files.readAllLines(tree, StandardCharsets.UTF_8), optionalIn(Path.of("pom.xml")));
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
