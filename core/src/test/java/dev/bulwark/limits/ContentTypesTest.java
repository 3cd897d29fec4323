package dev.bulwark.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.problem.Problem;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ContentTypesTest {

  @Test
  void ordinaryMediaTypesPass() {
    for (String type :
        List.of(
            "application/json",
            "application/json; charset=utf-8",
            "application/json;charset=UTF-8",
            "application/json; charset=\"utf-8\"",
            "application/merge-patch+json",
            "application/x-www-form-urlencoded; charset=ISO-8859-1",
            "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
            "multipart/form-data; boundary=\"a b;c\"",
            "text/plain;charset=windows-1252",
            "text/html; charset=utf-8;",
            "application/octet-stream",
            "application/vnd.api+json")) {
      assertThat(ContentTypes.check(type)).as(type).isNull();
    }
    assertThat(ContentTypes.check(null)).isNull();
  }

  @Test
  void malformedTypesAre400AndUnknownCharsets415() {
    for (String type :
        List.of("*/*", "text/*", "application/*+json", "application", "application/", "/json", "application json",
            "application/json; charset", "application/json; =utf-8", "application/json; charset=\"utf-8",
            "application/json x", "text/plain; a=\"\\", "a".repeat(300) + "/json")) {
      Problem problem = ContentTypes.check(type);
      assertThat(problem).as(type).isNotNull();
      assertThat(problem.status()).as(type).isEqualTo(400);
    }
    for (String type : List.of("text/plain; charset=UTF-7", "text/plain; charset=foo", "text/plain; charset=\"\"",
        "text/plain; charset=" + "a".repeat(41), "application/json; charset=ISO-8859-1", "application/json; charset=utf-16",
        "application/problem+json; charset=us-ascii")) {
      Problem problem = ContentTypes.check(type);
      assertThat(problem).as(type).isNotNull();
      assertThat(problem.status()).as(type).isEqualTo(415);
    }
  }

  @Test
  void jsonIsRecognisedByTypeNotByParameters() {
    assertThat(ContentTypes.isJson("application/json")).isTrue();
    assertThat(ContentTypes.isJson("Application/JSON; charset=utf-8")).isTrue();
    assertThat(ContentTypes.isJson("application/hal+json")).isTrue();
    assertThat(ContentTypes.isJson("application/+json")).isFalse();
    assertThat(ContentTypes.isJson("text/json")).isFalse();
    assertThat(ContentTypes.isJson("application/jsonx")).isFalse();
    assertThat(ContentTypes.isJson(null)).isFalse();
  }

  @Property(tries = 5000)
  void anyValueIsAcceptedOrRefusedAsTheClientsErrorNeverThrown(@ForAll String value) {
    Problem problem = ContentTypes.check(value);
    if (problem != null) {
      assertThat(problem.status()).isIn(400, 415);
      assertThat(problem.detail()).doesNotContain(value.length() > 3 ? value : "\u0000never");
    }
  }

  @Property(tries = 2000)
  void wellFormedTypesWithKnownCharsetsPass(@ForAll("mediaTypes") String value) {
    assertThat(ContentTypes.check(value)).as(value).isNull();
  }

  @Property(tries = 2000)
  void aWildcardInTypeOrSubtypeIsAlwaysRefused(@ForAll("mediaTypes") String value, @ForAll boolean inType) {
    int slash = value.indexOf('/');
    String wildcard = inType ? "*" + value.substring(slash) : value.substring(0, slash + 1) + "*";
    assertThat(ContentTypes.check(wildcard)).as(wildcard).isNotNull();
  }

  @Test
  void acceptListsPassAsBrowsersAndOldClientsSendThem() {
    for (String accept :
        List.of(
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
            "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2",
            "application/json",
            "application/json; charset=utf-8",
            "application/problem+json, application/json;q=0.9",
            "*/*",
            "text/*;q=0.3, text/plain;format=flowed, text/plain;level=1;q=1")) {
      assertThat(ContentTypes.checkAccept(accept)).as(accept).isNull();
    }
    assertThat(ContentTypes.checkAccept(null)).isNull();
  }

  @Test
  void malformedAcceptIs400AndJsonInAnotherCharset406() {
    for (String accept : List.of(",", "", " ", "text", "text/", "/html", "a/b;q=2", "a/b;q=abc", "a/b;q=", "a/b,,c/d", "a/b;", "a/b c/d")) {
      Problem problem = ContentTypes.checkAccept(accept);
      assertThat(problem).as("[%s]", accept).isNotNull();
      assertThat(problem.status()).as(accept).isEqualTo(400);
    }
    assertThat(ContentTypes.checkAccept("application/json; charset=utf-16").status()).isEqualTo(406);
    assertThat(ContentTypes.checkAccept("application/json; charset=\"UTF-8\"")).isNull();
  }

  @Test
  void multipartWithoutABoundaryIs400() {
    assertThat(ContentTypes.check("multipart/form-data").status()).isEqualTo(400);
    assertThat(ContentTypes.check("multipart/x; charset=utf-8").status()).isEqualTo(400);
    assertThat(ContentTypes.check("multipart/form-data; boundary=\"\"").status()).isEqualTo(400);
    assertThat(ContentTypes.check("multipart/form-data; boundary=abc")).isNull();
  }

  @Test
  void queryStringsMustEscapeUtf8Properly() {
    for (String good : List.of("a=1", "q=caf%C3%A9&x=%2F", "%E2%82%AC", "a=%20b+c", "")) {
      assertThat(QueryStrings.check(good)).as(good).isNull();
    }
    for (String bad : List.of("%", "%z", "%zz", "a=%ff", "a=%C3", "a=%C3x", "a=%C0%AF", "%ED%A0%80", "a=%4", "a=%G1")) {
      assertThat(QueryStrings.check(bad)).as(bad).isNotNull();
      assertThat(QueryStrings.check(bad).status()).isEqualTo(400);
    }
  }

  @Property(tries = 5000)
  void anyAcceptOrQueryIsAcceptedOrRefusedNeverThrown(@ForAll String value) {
    Problem accept = ContentTypes.checkAccept(value);
    if (accept != null) {
      assertThat(accept.status()).isIn(400, 406);
    }
    Problem query = QueryStrings.check(value);
    if (query != null) {
      assertThat(query.status()).isEqualTo(400);
    }
  }

  @Provide
  Arbitrary<String> mediaTypes() {
    Arbitrary<String> token = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'+-.^_`|~").ofMinLength(1).ofMaxLength(12);
    Arbitrary<String> parameter =
        Combinators.combine(token.filter(t -> !t.equalsIgnoreCase("charset")), token, Arbitraries.of(true, false))
            .as((name, value, quoted) -> name + "=" + (quoted ? "\"" + value + " x\"" : value));
    Arbitrary<String> charset = Arbitraries.of("utf-8", "UTF-8", "\"utf-8\"", "utf8");
    return Combinators.combine(token, token, parameter.list().ofMaxSize(3), charset.optional(), Arbitraries.of("", " ", "  "))
        .as((type, subtype, parameters, declared, space) -> {
          StringBuilder out = new StringBuilder(type).append('/').append(subtype);
          for (String p : parameters) {
            out.append(';').append(space).append(p);
          }
          declared.ifPresent(c -> out.append(';').append(space).append("charset=").append(c));
          return out.toString();
        });
  }
}
