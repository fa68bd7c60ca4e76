package io.decidr.platform.dev;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.springframework.http.MediaType;

/**
 * The files of the dev profile's GraphiQL page, read from the classpath once at start-up and kept in memory (about
 * 4 MB), so that serving them never reads a jar on an event-loop thread. Our own page, script and style live in
 * {@code dev/graphiql/}; GraphiQL's browser bundle and React's UMD files come from the npm packages that mvnpm
 * publishes to Maven Central, under {@code META-INF/resources/_static/<package>/<version>/}, the version read from
 * the jar's {@code pom.properties} so that a version bump in the pom needs no change here.
 */
final class GraphiQlAssets {

    static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript;charset=UTF-8");
    static final MediaType CSS = MediaType.parseMediaType("text/css;charset=UTF-8");
    static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");

    /** One file: its media type, its bytes and a strong ETag (a hash of the bytes). */
    record Asset(MediaType type, byte[] body, String etag) {
    }

    private final ClassLoader loader;
    private final Asset page;
    private final Map<String, Asset> assets;

    private GraphiQlAssets(ClassLoader loader) {
        this.loader = loader;
        this.page = own("index.html", HTML);
        // the names the page asks for under /graphiql/assets/; nothing else is served
        this.assets = Map.of(
                "react.production.min.js", npm("react", "umd/react.production.min.js", JAVASCRIPT),
                "react-dom.production.min.js", npm("react-dom", "umd/react-dom.production.min.js", JAVASCRIPT),
                "graphiql.min.js", npm("graphiql", "graphiql.min.js", JAVASCRIPT),
                "graphiql.min.css", npm("graphiql", "graphiql.min.css", CSS),
                "decidr-graphiql.js", own("decidr-graphiql.js", JAVASCRIPT),
                "decidr-graphiql.css", own("decidr-graphiql.css", CSS));
    }

    /** Reads every file now; fails at start-up, naming the file, when one is missing. */
    static GraphiQlAssets load(ClassLoader loader) {
        return new GraphiQlAssets(loader);
    }

    Asset page() {
        return page;
    }

    Optional<Asset> asset(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    private Asset own(String file, MediaType type) {
        return asset("dev/graphiql/" + file, type);
    }

    private Asset npm(String npmPackage, String file, MediaType type) {
        String version = version(npmPackage);
        return asset("META-INF/resources/_static/" + npmPackage + "/" + version + "/" + file, type);
    }

    private String version(String npmPackage) {
        String properties = "META-INF/maven/org.mvnpm/" + npmPackage + "/pom.properties";
        Properties pom = new Properties();
        try (InputStream in = loader.getResourceAsStream(properties)) {
            if (in == null) {
                throw new IllegalStateException("GraphiQL needs org.mvnpm:" + npmPackage + " on the classpath (no "
                        + properties + ")");
            }
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + properties, e);
        }
        return pom.getProperty("version");
    }

    private Asset asset(String path, MediaType type) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("GraphiQL's file " + path + " is not on the classpath");
            }
            byte[] body = in.readAllBytes();
            return new Asset(type, body, '"' + sha256(body) + '"');
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path, e);
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
