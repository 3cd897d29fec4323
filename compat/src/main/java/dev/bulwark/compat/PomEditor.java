package dev.bulwark.compat;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Adds one dependency to a Maven {@code pom.xml}, as a new user adding the starter would: into the
 * project's own {@code <dependencies>} (not {@code <dependencyManagement>} nor a profile's), created
 * when the project has none. A pom that already declares the dependency is returned unchanged.
 */
public final class PomEditor {

  private PomEditor() {}

  /** Adds {@code groupId:artifactId:version} to the pom file in place. */
  public static void addDependency(Path pom, String groupId, String artifactId, String version) throws IOException {
    String xml = Files.readString(pom, StandardCharsets.UTF_8);
    Files.writeString(pom, addDependency(xml, groupId, artifactId, version), StandardCharsets.UTF_8);
  }

  /** Returns the pom text with the dependency added. */
  public static String addDependency(String pomXml, String groupId, String artifactId, String version) {
    Document doc = parse(pomXml);
    Element project = doc.getDocumentElement();
    if (!"project".equals(localName(project))) {
      throw new IllegalArgumentException("not a Maven pom: the root element is <" + localName(project) + ">");
    }
    Element dependencies = child(project, "dependencies");
    if (dependencies == null) {
      dependencies = create(doc, project, "dependencies");
      project.appendChild(doc.createTextNode("  "));
      project.appendChild(dependencies);
      project.appendChild(doc.createTextNode("\n"));
      dependencies.appendChild(doc.createTextNode("\n  "));
    }
    for (Node n = dependencies.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element dep && "dependency".equals(localName(dep))
          && groupId.equals(text(child(dep, "groupId"))) && artifactId.equals(text(child(dep, "artifactId")))) {
        return pomXml;
      }
    }
    Element dependency = create(doc, project, "dependency");
    for (String[] kv : new String[][] {{"groupId", groupId}, {"artifactId", artifactId}, {"version", version}}) {
      dependency.appendChild(doc.createTextNode("\n      "));
      Element e = create(doc, project, kv[0]);
      e.setTextContent(kv[1]);
      dependency.appendChild(e);
    }
    dependency.appendChild(doc.createTextNode("\n    "));
    // After the last existing entry, keeping the closing tag's indentation.
    Node last = dependencies.getLastChild();
    Node before = last != null && last.getNodeType() == Node.TEXT_NODE && last.getTextContent().isBlank() ? last : null;
    dependencies.insertBefore(doc.createTextNode("\n    "), before);
    dependencies.insertBefore(doc.createComment(" Added by Bulwark's compatibility harness "), before);
    dependencies.insertBefore(doc.createTextNode("\n    "), before);
    dependencies.insertBefore(dependency, before);
    return serialize(doc);
  }

  private static Document parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new IllegalArgumentException("pom.xml does not parse: " + e.getMessage(), e);
    }
  }

  private static String serialize(Document doc) {
    try {
      var transformer = TransformerFactory.newInstance().newTransformer();
      transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      StringWriter out = new StringWriter();
      transformer.transform(new DOMSource(doc), new StreamResult(out));
      return out.toString();
    } catch (TransformerException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new element in the pom's namespace (a pom without one gets plain elements). */
  private static Element create(Document doc, Element project, String name) {
    String ns = project.getNamespaceURI();
    return ns == null ? doc.createElement(name) : doc.createElementNS(ns, name);
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(localName(e))) {
        return e;
      }
    }
    return null;
  }

  private static String localName(Element e) {
    return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
  }

  private static String text(Element e) {
    return e == null ? null : e.getTextContent().trim();
  }
}
