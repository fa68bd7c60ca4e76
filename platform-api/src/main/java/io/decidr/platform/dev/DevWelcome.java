package io.decidr.platform.dev;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Tells a newcomer, once the server listens, where GraphiQL is and how to get a token. */
@Component
@Profile(DevProfile.NAME)
class DevWelcome implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(DevWelcome.class);

    private final String temporal;

    DevWelcome(@Value("${spring.temporal.connection.target}") String target,
               @Value("${spring.temporal.namespace}") String namespace,
               @Value("${decidr.dev.temporal.embedded:true}") boolean embedded,
               @Value("${spring.temporal.test-server.enabled:false}") boolean inProcess,
               @Value("${decidr.dev.temporal.cli:}") String cli,
               @Value("${decidr.temporal.ui-url:http://localhost:8233}") String uiUrl) {
        String kind = !embedded ? "" : cli.isBlank() ? " (Java test server: workflows in memory only, no UI)"
                : " (Temporal dev server; Web UI: " + uiUrl + ")";
        this.temporal = inProcess ? "the in-process test server, namespace " + namespace
                : target + ", namespace " + namespace + kind;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        int port = event.getWebServer().getPort();
        log.info("""

                decidr is up (dev profile, embedded services).
                  GraphiQL:  http://localhost:{}/graphiql
                  A token:   curl -s -X POST http://localhost:{}/dev/token -H 'content-type: application/json' \\
                               -d '{"user":"alice","roles":["platform-admin"]}'
                             then, with the tenant id that registerTenant returns:
                             -d '{"tenantId":"<tenant id>","user":"alice","roles":["admin","member"]}'
                  In GraphiQL, paste the token in the Token field at the top (or press "Get dev token" there)
                  Temporal:  {}
                """, port, port, temporal);
    }
}
