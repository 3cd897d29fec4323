package dev.bulwark.redis;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.bulwark.Walls;

/** The Redis module's walls: it uses core's API and SPI only, and its own API names no internal type. */
@AnalyzeClasses(packages = "dev.bulwark.redis", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule usesNoForeignInternals = Walls.noForeignInternals("dev.bulwark.redis", "dev.bulwark");

  @ArchTest
  static final ArchRule publicSignaturesNameNoInternalType = Walls.publicSignaturesNameNoInternalType();
}
