package dev.bulwark.servlet;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.bulwark.Walls;

/** The servlet module's walls: it uses core's API only, and its own API names no internal type. */
@AnalyzeClasses(packages = "dev.bulwark.servlet", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule usesNoForeignInternals = Walls.noForeignInternals("dev.bulwark.servlet", "dev.bulwark");

  @ArchTest
  static final ArchRule publicSignaturesNameNoInternalType = Walls.publicSignaturesNameNoInternalType();
}
