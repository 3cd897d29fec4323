package dev.bulwark.net.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.net.internal.ForwardedElements.Element;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ForwardedElementsTest {

  private static List<Element> parse(String header) {
    return ForwardedElements.parse(header, 32);
  }

  @Test
  void parsesASingleFor() {
    assertThat(parse("for=192.0.2.60")).containsExactly(new Element("192.0.2.60", null, null));
  }

  @Test
  void parsesRfc7239Examples() {
    // RFC 7239 section 4 examples
    assertThat(parse("for=\"_gazonk\"")).containsExactly(new Element("_gazonk", null, null));
    assertThat(parse("For=\"[2001:db8:cafe::17]:4711\""))
        .containsExactly(new Element("[2001:db8:cafe::17]:4711", null, null));
    assertThat(parse("for=192.0.2.60;proto=http;by=203.0.113.43"))
        .containsExactly(new Element("192.0.2.60", "http", null));
    assertThat(parse("for=192.0.2.43, for=198.51.100.17"))
        .containsExactly(new Element("192.0.2.43", null, null), new Element("198.51.100.17", null, null));
    // section 7.4
    assertThat(parse("for=192.0.2.43,for=\"[2001:db8:cafe::17]\",for=unknown"))
        .containsExactly(
            new Element("192.0.2.43", null, null),
            new Element("[2001:db8:cafe::17]", null, null),
            new Element("unknown", null, null));
  }

  @Test
  void readsProtoAndHost() {
    assertThat(parse("for=192.0.2.1;proto=https;host=example.com:8443"))
        .containsExactly(new Element("192.0.2.1", "https", "example.com:8443"));
  }

  @Test
  void namesAreCaseInsensitiveAndSpacesAreTrimmed() {
    assertThat(parse(" FOR = 192.0.2.1 ; Proto=HTTPS ; HOST=Example.com "))
        .containsExactly(new Element("192.0.2.1", "HTTPS", "Example.com"));
  }

  @Test
  void quotedValuesMayHoldSeparatorsAndEscapes() {
    assertThat(parse("for=\"a,b;c\";host=\"x\\\"y\""))
        .containsExactly(new Element("a,b;c", null, "x\"y"));
  }

  @Test
  void spacesAfterAClosingQuoteAreFine() {
    assertThat(parse("for=\"192.0.2.1\"  ;proto=\"https\" , for=\"[::1]\" "))
        .containsExactly(new Element("192.0.2.1", "https", null), new Element("[::1]", null, null));
  }

  @Test
  void junkAfterAClosingQuoteLeavesAnEmptyElement() {
    assertThat(parse("for=\"192.0.2.1\"junk;proto=https, for=10.0.0.1"))
        .containsExactly(new Element(null, null, null), new Element("10.0.0.1", null, null));
  }

  @Test
  void anUnterminatedQuoteSpoilsOnlyTheElementsLeftOfTheLastComma() {
    // split from the right, a quote left open cannot swallow what a proxy appended after it
    assertThat(parse("for=10.0.0.9, for=\"192.0.2.1, for=10.0.0.1"))
        .containsExactly(new Element(null, null, null), new Element("10.0.0.1", null, null));
    assertThat(parse("for=1.2.3.4;proto=\", for=203.0.113.7"))
        .containsExactly(new Element(null, null, null), new Element("203.0.113.7", null, null));
    assertThat(parse("for=\"")).containsExactly(new Element(null, null, null));
    assertThat(parse("for=\"abc\\\"")).containsExactly(new Element(null, null, null));
  }

  @Test
  void aClientQuoteCannotBeClosedByTheProxysQuote() {
    assertThat(parse("for=1.2.3.4;proto=\", for=\"[2001:db8::7]\""))
        .containsExactly(new Element(null, null, null), new Element("[2001:db8::7]", null, null));
  }

  @Test
  void aQuotedCommaLeftOfTheProxysElementStaysInItsElement() {
    assertThat(parse("for=\"a,b\";host=x, for=10.0.0.1"))
        .containsExactly(new Element("a,b", null, "x"), new Element("10.0.0.1", null, null));
  }

  @Test
  void skipsPairsWithoutValuesAndUnknownParameters() {
    assertThat(parse("for;by=10.0.0.1;proto=https")).containsExactly(new Element(null, "https", null));
    assertThat(parse("by=10.0.0.1")).isEmpty();
    assertThat(parse("secret")).isEmpty();
  }

  @Test
  void emptyElementsAreDropped() {
    assertThat(parse("")).isEmpty();
    assertThat(parse(",,, ,")).isEmpty();
    assertThat(parse("for=192.0.2.1,,for=192.0.2.2,"))
        .containsExactly(new Element("192.0.2.1", null, null), new Element("192.0.2.2", null, null));
  }

  @Test
  void emptyValueIsKeptAsEmpty() {
    assertThat(parse("for=;proto=http")).containsExactly(new Element("", "http", null));
    assertThat(parse("for=\"\"")).containsExactly(new Element("", null, null));
  }

  @Test
  void laterParameterOfTheSameNameWins() {
    assertThat(parse("for=1.1.1.1;for=2.2.2.2")).containsExactly(new Element("2.2.2.2", null, null));
  }

  @Test
  void keepsOnlyTheLastElements() {
    StringBuilder header = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      header.append(i == 0 ? "" : ", ").append("for=10.0.0.").append(i);
    }
    List<Element> last3 = ForwardedElements.parse(header.toString(), 3);
    assertThat(last3)
        .extracting(Element::forAddress)
        .containsExactly("10.0.0.7", "10.0.0.8", "10.0.0.9");
  }

  @Property
  void neverThrowsAndNeverExceedsTheLimit(
      @ForAll @StringLength(max = 200) String header, @ForAll @IntRange(min = 1, max = 40) int max) {
    assertThat(ForwardedElements.parse(header, max)).hasSizeLessThanOrEqualTo(max);
  }

  @Property
  void neverThrowsOnHeaderShapedInput(
      @ForAll @StringLength(max = 120) @net.jqwik.api.constraints.Chars({'f', 'o', 'r', '=', '"', '\\', ',', ';', ' ', '1', '.', ':', '[', ']', 'p', 'h'})
          String header) {
    assertThat(ForwardedElements.parse(header, 32)).isNotNull();
  }
}
