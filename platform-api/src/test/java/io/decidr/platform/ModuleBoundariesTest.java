package io.decidr.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Module direction: platform-api -> workflows -> eventstore -> domain, and the domain depends on nothing but the
 * JDK. The dev services stand apart: no production module uses them, and they use no module.
 */
class ModuleBoundariesTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.decidr");

    private static final JavaClasses ALL_MODULES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.decidr");

    @Test
    void the_domain_imports_nothing_outside_the_jdk() {
        classes().that().resideInAPackage("io.decidr.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.decidr.domain..")
                .check(ALL_MODULES);
    }

    @Test
    void the_domain_depends_on_no_other_module() {
        noClasses().that().resideInAPackage("io.decidr.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.decidr.eventstore..", "io.decidr.workflows..",
                        "io.decidr.platform..")
                .check(ALL_MODULES);
    }

    @Test
    void the_event_store_never_depends_on_the_api_or_the_workflows() {
        noClasses().that().resideInAPackage("io.decidr.eventstore..")
                .should().dependOnClassesThat().resideInAnyPackage("io.decidr.platform..", "io.decidr.workflows..")
                .check(ALL_MODULES);
    }

    @Test
    void the_workflows_never_depend_on_the_api_and_know_nothing_of_spring() {
        // platform-api decides which workflow and activity types run on which worker (application.yml)
        noClasses().that().resideInAPackage("io.decidr.workflows..")
                .should().dependOnClassesThat().resideInAnyPackage("io.decidr.platform..", "org.springframework..")
                .check(ALL_MODULES);
    }

    @Test
    void the_event_store_knows_nothing_of_spring_or_the_web() {
        noClasses().that().resideInAPackage("io.decidr.eventstore..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "graphql..")
                .check(ALL_MODULES);
    }

    @Test
    void no_production_code_uses_the_dev_services() {
        // they reach the app only through bin/run's loader path and the tests' classpath; the modules' shared test
        // support (the "testing" packages of their test jars, e.g. TestCassandra) runs on them
        noClasses().that().resideOutsideOfPackages("io.decidr.devservices..", "io.decidr..testing..")
                .should().dependOnClassesThat().resideInAPackage("io.decidr.devservices..")
                .check(ALL_MODULES);
    }

    @Test
    void the_dev_services_depend_on_no_other_module() {
        // the other modules' tests depend on them: a dependency back would be a cycle
        noClasses().that().resideInAPackage("io.decidr.devservices..")
                .should().dependOnClassesThat().resideInAnyPackage("io.decidr.domain..", "io.decidr.eventstore..",
                        "io.decidr.cassandra..", "io.decidr.projections..", "io.decidr.workflows..",
                        "io.decidr.platform..")
                .check(ALL_MODULES);
    }

    @Test
    void every_module_is_on_the_classpath_under_test() {
        // guards the rules above against passing vacuously
        org.assertj.core.api.Assertions.assertThat(ALL_MODULES.containPackage("io.decidr.domain.entity")).isTrue();
        org.assertj.core.api.Assertions.assertThat(ALL_MODULES.containPackage("io.decidr.eventstore.command")).isTrue();
        org.assertj.core.api.Assertions.assertThat(ALL_MODULES.containPackage("io.decidr.workflows")).isTrue();
        org.assertj.core.api.Assertions.assertThat(ALL_MODULES.containPackage("io.decidr.devservices.process")).isTrue();
        org.assertj.core.api.Assertions.assertThat(PRODUCTION.containPackage("io.decidr.platform.graphql")).isTrue();
    }
}
