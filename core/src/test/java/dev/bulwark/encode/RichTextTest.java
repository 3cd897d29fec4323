package dev.bulwark.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RichTextTest {

  @Test
  void keepsFormattingAndSafeLinks() {
    assertThat(RichText.sanitize("<p><b>Bold</b> and <em>em</em></p><ul><li>one</li></ul>"))
        .isEqualTo("<p><b>Bold</b> and <em>em</em></p><ul><li>one</li></ul>");
    assertThat(RichText.sanitize("<a href=\"https://example.com\">x</a>"))
        .contains("href=\"https://example.com\"").contains("nofollow").contains("noopener").contains("noreferrer");
    assertThat(RichText.sanitize(null)).isEmpty();
  }

  @Test
  void removesScriptsHandlersStylesAndDangerousUrls() {
    String[] hostile = {
      "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
      "<p onclick=\"alert(1)\">x</p>", "<style>body{}</style>", "<iframe src=\"https://evil\"></iframe>",
      "<svg><script>alert(1)</script></svg>", "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
      "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    };
    for (String html : hostile) {
      String clean = RichText.sanitize(html).toLowerCase(Locale.ROOT);
      assertThat(clean).as(html).doesNotContain("<script", "onerror", "onclick", "javascript:", "<iframe", "<style", "data:text", "<img");
    }
  }

  @Property(tries = 1000)
  void outputNeverHoldsScriptsOrHandlers(@ForAll String html) {
    String clean = RichText.sanitize(html).toLowerCase(Locale.ROOT);
    assertThat(clean).doesNotContain("<script", "<iframe", "<img", " on", "javascript:");
  }
}
