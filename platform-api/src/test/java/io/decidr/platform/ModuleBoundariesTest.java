package io.decidr.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Module direction: platform-api -> workflows -> messaging -> application -> eventstore -> domain, and the domain depends on nothing
 * but the JDK. The dev services stand apart: no production module uses them, and they use no module.
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
                .should().dependOnClassesThat().resideInAnyPackage("io.decidr.eventstore..", "io.decidr.application..",
                        "io.decidr.workflows..", "io.decidr.platform..")
                .check(ALL_MODULES);
    }

    @Test
    void the_event_store_is_the_log_only_and_never_depends_on_its_users() {
        // the command bus and the handlers (the use cases) live in the application module, on top of the store
        noClasses().that().resideInAPackage("io.decidr.eventstore..")
                .should().dependOnClassesThat().resideInAnyPackage("io.decidr.application..", "io.decidr.platform..",
                        "io.decidr.workflows..", "io.decidr.projections..", "io.decidr.cassandra..")
                .check(ALL_MODULES);
    }

    @Test
    void the_application_layer_depends_only_on_the_domain_and_the_store() {
        noClasses().that().resideInAPackage("io.decidr.application..")
                .should().dependOnClassesThat().resideInAnyPackage("io.decidr.platform..", "io.decidr.workflows..",
                        "io.decidr.projections..", "io.decidr.cassandra..", "org.springframework..", "graphql..",
                        "io.temporal..")
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
    void messaging_sits_beside_the_workflows_and_never_reaches_up() {
        // the application layer publishes through its port (IntegrationEvents); messaging implements it and carries
        // the messages, the workflows' process managers subscribe, the composition root wires them
        noClasses().that().resideInAPackage("io.decidr.messaging..")
                .should().dependOnClassesThat().resideInAnyPackage("io.decidr.platform..", "io.decidr.workflows..",
                        "io.decidr.projections..", "io.decidr.cassandra..", "graphql..", "io.temporal..")
                .check(ALL_MODULES);
        noClasses().that().resideInAnyPackage("io.decidr.application..", "io.decidr.eventstore..", "io.decidr.domain..")
                .should().dependOnClassesThat().resideInAPackage("io.decidr.messaging..")
                .check(ALL_MODULES);
    }

    @Test
    void the_event_store_knows_nothing_of_spring_or_the_web() {
        noClasses().that().resideInAPackage("io.decidr.eventstore..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "graphql..")
                .check(ALL_MODULES);
    }

    @Test
    void only_the_store_and_the_composition_root_know_the_postgres_store() {
        // everyone else reads through the ports: EventLog, CommandLedger, CollectionMembership
        noClasses().that().resideOutsideOfPackages("io.decidr.eventstore..", "io.decidr.platform.config..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.decidr.eventstore.PostgresEventStore")
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
    void workflows_are_started_and_queried_through_typed_stubs() {
        // a workflow type or query named by a string breaks silently when it is renamed; the use cases' clients
        // (LinkClient, OnboardingClient, ArchiveClient, ComputeJobClient, JobScheduleClient) use typed stubs
        noClasses().should().callMethod(io.temporal.client.WorkflowClient.class, "newUntypedWorkflowStub", String.class,
                        io.temporal.client.WorkflowOptions.class)
                .orShould().callMethod(io.temporal.client.WorkflowClient.class, "newUntypedWorkflowStub", String.class)
                .orShould().callMethod(io.temporal.client.WorkflowClient.class, "newUntypedWorkflowStub", String.class,
                        java.util.Optional.class, java.util.Optional.class)
                .check(ALL_MODULES);
    }

    @Test
    void the_api_reaches_temporal_only_through_the_use_cases_clients() {
        noClasses().that().resideInAPackage("io.decidr.platform.graphql..")
                .should().dependOnClassesThat().resideInAnyPackage("io.temporal..")
                .check(ALL_MODULES);
    }

    @Test
    void a_refused_step_fails_only_through_the_one_refusal_transport() {
        // Refusal makes a domain rejection a non-retryable failure, and reads it back; nobody else builds one (the job
        // workflow's own JOB_FAILED, a bad row that stops an import, is a workflow's end, not a refused step)
        noClasses().that().doNotHaveFullyQualifiedName("io.decidr.workflows.saga.Refusal")
                .and().doNotHaveFullyQualifiedName("io.decidr.workflows.job.ComputeJobWorkflowImpl")
                .should().callMethod(io.temporal.failure.ApplicationFailure.class, "newNonRetryableFailure", String.class,
                        String.class, Object[].class)
                .orShould().callMethod(io.temporal.failure.ApplicationFailure.class, "newNonRetryableFailureWithCause",
                        String.class, String.class, Throwable.class, Object[].class)
                .check(ALL_MODULES);
    }

    @Test
    void the_dev_services_depend_on_no_other_module() {
        // the other modules' tests depend on them: a dependency back would be a cycle
        noClasses().that().resideInAPackage("io.decidr.devservices..")
                .should().dependOnClassesThat().resideInAnyPackage("io.decidr.domain..", "io.decidr.eventstore..",
                        "io.decidr.application..", "io.decidr.cassandra..", "io.decidr.projections..",
                        "io.decidr.workflows..", "io.decidr.platform..")
                .check(ALL_MODULES);
    }

    @Test
    void every_module_is_on_the_classpath_under_test() {
        // guards the rules above against passing vacuously
        org.assertj.core.api.Assertions.assertThat(ALL_MODULES.containPackage("io.decidr.domain.entity")).isTrue();
        org.assertj.core.api.Assertions.assertThat(ALL_MODULES.containPackage("io.decidr.application.command")).isTrue();
        org.assertj.core.api.Assertions.assertThat(ALL_MODULES.containPackage("io.decidr.workflows")).isTrue();
        org.assertj.core.api.Assertions.assertThat(ALL_MODULES.containPackage("io.decidr.devservices.process")).isTrue();
        org.assertj.core.api.Assertions.assertThat(PRODUCTION.containPackage("io.decidr.platform.graphql")).isTrue();
    }
}
