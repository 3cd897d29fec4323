package dev.bulwark.spring;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.bulwark.Walls;

/**
 * The starter's walls: it uses the API of core and the servlet module only, and its own API names
 * no internal type.
 */
@AnalyzeClasses(packages = "dev.bulwark.spring", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule usesNoForeignInternals = Walls.noForeignInternals("dev.bulwark.spring", "dev.bulwark");

  @ArchTest
  static final ArchRule publicSignaturesNameNoInternalType = Walls.publicSignaturesNameNoInternalType();
}
