package org.deeplesion.jobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The rules that keep the jobs an orchestration layer over lib-common (see DESIGN.md, "Layout"), checked on the
 * classes of both modules together.
 */
class DesignRulesTest {

    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("org.deeplesion");

    @Test
    void libCommonNeverUsesTheJobsOrSpark() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.deeplesion.jobs..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.deeplesion.jobs..", "org.apache.spark..")
                .because("jobs depend on lib-common, never the other way, and only jobs bring the engine")
                .check(ALL);
    }

    @Test
    void packagesDependOnEachOtherWithoutCycles() {
        slices().matching("org.deeplesion.(**)").should().beFreeOfCycles().check(ALL);
    }
}
