package io.decidr.platform.dev;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.CacheControl;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * GraphiQL at {@code /graphiql}, in the {@code dev} profile only, with every file it needs served by the
 * application itself under {@code /graphiql/assets/}: it works without internet access (Spring's own GraphiQL page
 * loads its scripts from a CDN, so it stays switched off). The page has a token field whose token goes with every
 * request: as the {@code Authorization} header over HTTP and in graphql-ws's {@code connection_init} payload for
 * subscriptions. Its content security policy lets the browser load and connect to this server only.
 */
@Configuration(proxyBeanMethods = false)
@Profile(DevProfile.NAME)
public class GraphiQlPage {

    /**
     * Styles may be inline (GraphiQL's editors set them); fonts and icons are data URLs in GraphiQL's stylesheet;
     * {@code 'self'} covers the same-origin WebSocket of subscriptions.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    @Bean
    RouterFunction<ServerResponse> graphiQlRoutes() {
        GraphiQlAssets assets = GraphiQlAssets.load(GraphiQlPage.class.getClassLoader());
        return RouterFunctions.route()
                .GET("/graphiql", request -> serve(request, assets.page()))
                .GET("/graphiql/assets/{name}", request -> assets.asset(request.pathVariable("name"))
                        .map(asset -> serve(request, asset))
                        .orElseGet(() -> ServerResponse.notFound().build()))
                .build();
    }

    /** Revalidated on every load (an ETag, so a 304 when unchanged): a restarted server never serves a stale mix. */
    private static Mono<ServerResponse> serve(ServerRequest request, GraphiQlAssets.Asset asset) {
        return request.checkNotModified(asset.etag())
                .switchIfEmpty(Mono.defer(() -> ServerResponse.ok()
                        .contentType(asset.type())
                        .eTag(asset.etag())
                        .cacheControl(CacheControl.noCache())
                        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                        .bodyValue(asset.body())));
    }
}
