package io.decidr.platform.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.platform.support.Api;
import io.decidr.platform.support.PlatformTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/** The Java test server keeps no schedules: every schedule call says so, and nothing is left half made. */
class SchedulesOnTestServerIT extends PlatformTest {

    @Test
    void schedules_are_unavailable_on_the_test_server_with_a_clear_error() {
        Api api = new Api(port);
        HttpGraphQlTester platformAdmin = api.as(api.token(null, "root", "platform-admin"));
        UUID tenant = UUID.fromString(platformAdmin.document("mutation { registerTenant(name: \"Schedules\") { id } }")
                .execute().path("registerTenant.id").entity(String.class).get());
        HttpGraphQlTester admin = api.as(api.token(tenant, "ada", "admin", "member"));
        HttpGraphQlTester member = api.as(api.token(tenant, "bob", "member"));
        String items = WritePathIT.id(admin.document("mutation { createCollection(name: \"Items\") { id } }").execute(),
                "createCollection.id");
        admin.document("mutation($c: ID!) { defineAttribute(input: {collectionId: $c, name: \"Name\", type: TEXT}) {"
                + " attributeId } }").variable("c", items).execute();

        var created = admin.document("""
                mutation($c: ID!, $p: JSON!) { scheduleComputeJob(kind: IMPORT, collectionId: $c, cron: "0 3 * * *",
                  params: $p) { id } }""")
                .variable("c", items).variable("p", Map.of("format", "CSV", "data", "Name\nx\n")).execute();
        assertThat(Api.rejected(created, "UNAVAILABLE").getMessage()).contains("schedules need a Temporal server");
        Api.rejected(member.document("{ computeJobSchedules { id } }").execute(), "UNAVAILABLE");
        Api.rejected(admin.document("mutation($id: ID!) { pauseComputeJobSchedule(id: $id) { id } }")
                .variable("id", UUID.randomUUID().toString()).execute(), "UNAVAILABLE");
    }
}
