package dev.bulwark;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.readiness.ReadinessConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** Rules for the framework-free core. Test classes are not analysed. */
@AnalyzeClasses(packages = "dev.bulwark", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule coreHasNoServletOrSpringDependency =
      noClasses()
          .that()
          .resideInAPackage("dev.bulwark..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("jakarta.servlet..", "javax.servlet..", "org.springframework..")
          .because("the core must stay usable from any server or framework");

  @ArchTest
  static final ArchRule coreNeverResolvesHostNames =
      noClasses()
          .that()
          .resideInAPackage("dev.bulwark..")
          .should()
          .callMethod(InetAddress.class, "getByName", String.class)
          .because("InetAddress.getByName may perform a DNS lookup on a name taken from a request header;"
              + " use IpLiterals instead");

  /**
   * Feature packages import low-level ones ({@code core}, {@code internal}, {@code net}, {@code path})
   * and the aggregate {@code config} sits above them. One edge is known and allowed: the readiness
   * report reads the whole configuration ({@code ReadinessContext.config()}, the API of custom checks),
   * and its own settings are part of that configuration; breaking the loop would move the public
   * {@code Finding}/{@code Severity} types out of {@code readiness}.
   */
  @ArchTest
  static final ArchRule packagesAreFreeOfCycles =
      slices()
          .matching("dev.bulwark.(*)..")
          .should()
          .beFreeOfCycles()
          .ignoreDependency(belongToAnyOf(BulwarkConfig.class), belongToAnyOf(ReadinessConfig.class));

  @ArchTest
  static final ArchRule publicSignaturesNameNoInternalType = Walls.publicSignaturesNameNoInternalType();

  @Test
  void theWallCatchesAnInternalTypeInAPublicSignature() {
    assertThatThrownBy(
            () -> Walls.publicSignaturesNameNoInternalType().check(new ClassFileImporter().importClasses(LeakyApi.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("LeakyApi.leak()")
        .hasMessageContaining("Utf8Validator");
  }

  @Test
  void theWallCatchesAForeignInternalImport() {
    assertThatThrownBy(
            () ->
                Walls.noForeignInternals("dev.bulwark.fixture", "dev.bulwark")
                    .check(new ClassFileImporter().importClasses(dev.bulwark.fixture.ReachesIn.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("dev.bulwark.internal.Utf8Validator");
  }

  /** A public type whose public method names an internal type: what the wall forbids. */
  public static final class LeakyApi {
    public dev.bulwark.internal.Utf8Validator leak() {
      return new dev.bulwark.internal.Utf8Validator();
    }
  }

  @Test
  void theLookupRuleCatchesACall() {
    assertThatThrownBy(
            () -> coreNeverResolvesHostNames.check(new ClassFileImporter().importClasses(Offender.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("getByName");
  }

  /** A class that breaks the rule, to show the rule is not vacuous; test classes are not analysed. */
  static final class Offender {
    InetAddress lookup(String host) throws UnknownHostException {
      return InetAddress.getByName(host);
    }
  }
}
