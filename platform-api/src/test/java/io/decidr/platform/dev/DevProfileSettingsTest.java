package io.decidr.platform.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.workflows.SearchAttributeRegistration;
import io.decidr.workflows.WorkflowSearchAttributes;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;

/** What the dev profile's file hands to the dev services, which know nothing of the workflows. */
class DevProfileSettingsTest {

    @Test
    void the_dev_server_registers_exactly_the_workflows_search_attributes() throws IOException {
        MockEnvironment environment = new MockEnvironment();
        new YamlPropertySourceLoader().load("application-dev", new ClassPathResource("application-dev.yml"))
                .forEach(source -> environment.getPropertySources().addLast(source));

        List<String> declared = Binder.get(environment)
                .bind("decidr.dev.temporal.search-attributes", Bindable.listOf(String.class)).orElse(List.of());

        assertThat(declared).containsExactlyElementsOf(
                SearchAttributeRegistration.cliDeclarations(WorkflowSearchAttributes.ALL));
    }
}
