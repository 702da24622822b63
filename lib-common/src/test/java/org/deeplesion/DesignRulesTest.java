package org.deeplesion;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The rules that keep lib-common the engine-free domain (see DESIGN.md, "Layout"), checked on its classes. */
class DesignRulesTest {

    private static final JavaClasses LIB_COMMON = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("org.deeplesion");

    @Test
    void libCommonNeverUsesSpark() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.spark..")
                .because("lib-common is the domain, testable without Spark; jobs bring the engine")
                .check(LIB_COMMON);
    }

    @Test
    void libCommonNeverUsesTheJobs() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.deeplesion.jobs..")
                .because("jobs depend on lib-common, never the other way")
                .check(LIB_COMMON);
    }

    @Test
    void packagesDependOnEachOtherWithoutCycles() {
        slices().matching("org.deeplesion.(**)").should().beFreeOfCycles().check(LIB_COMMON);
    }
}
