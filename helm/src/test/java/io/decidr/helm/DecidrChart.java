package io.decidr.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart under test (helm/decidr), driven through helm-java: Helm itself, as a native library from a Maven
 * artifact, with no cluster and nothing downloaded.
 */
final class DecidrChart {

    /** The chart's folder: the build passes it; from an IDE the module folder is the working directory. */
    static final Path DIR = Path.of(System.getProperty("decidr.chart.dir", "decidr")).toAbsolutePath().normalize();

    /** The repository's root (the Dockerfile). */
    static final Path ROOT = Path.of(System.getProperty("decidr.root.dir", "..")).toAbsolutePath().normalize();

    static final String RELEASE = "decidr";
    static final String NAMESPACE = "decidr";

    /**
     * helm-java's Helm is built without the Kubernetes version the Helm CLI carries, and would render for 1.20,
     * which the chart's kubeVersion refuses: name a current one, as a cluster would.
     */
    static final String KUBE_VERSION = "1.31.0";

    /** The values files the chart ships, each rendered on top of values.yaml. */
    enum Values {
        DEFAULT(null), PRODUCTION("values-production.yaml"), MINIMAL("values-minimal.yaml");

        private final String file;

        Values(String file) {
            this.file = file;
        }

        List<Path> files() {
            return file == null ? List.of() : List.of(DIR.resolve(file));
        }
    }

    private DecidrChart() {
    }

    /** helm template of the chart, with a values set and --set values, parsed strictly. */
    static Manifests render(Values values, Map<String, Object> set) {
        return new Manifests(StrictManifests.parseAll(template(DIR, values.files(), set)));
    }

    static Manifests render(Values values) {
        return render(values, Map.of());
    }

    /** helm template's output (the release's manifest: hooks are left out); fails as Helm fails. */
    static String template(Path chart, List<Path> valuesFiles, Map<String, Object> set) {
        TemplateCommand template = new Helm(chart).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (Path file : valuesFiles) {
            template = template.withValuesFile(file);
        }
        for (Map.Entry<String, Object> entry : set.entrySet()) {
            template = template.set(entry.getKey(), entry.getValue());
        }
        return template.call();
    }

    /** helm lint --strict of a chart folder. */
    static LintResult lint(Path chart) {
        return new Helm(chart).lint().strict().call();
    }

    /** NOTES.txt as helm install prints it (a client-only dry run: no cluster). */
    static String notes(Values values, Map<String, Object> set) {
        InstallCommand install = new Helm(DIR).install()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION)
                .dryRun()
                .clientOnly();
        for (Path file : values.files()) {
            install = install.withValuesFile(file);
        }
        for (Map.Entry<String, Object> entry : set.entrySet()) {
            install = install.set(entry.getKey(), entry.getValue());
        }
        String output = install.call().getOutput();
        int notes = output.indexOf("NOTES:");
        if (notes < 0) {
            throw new AssertionError("no NOTES in helm install's output:\n" + output);
        }
        return output.substring(notes);
    }

    /** A copy of the chart in {@code target}, to lint or render it with changed files. */
    static Path copy(Path target) {
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(DIR.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Rewrites a copy's values.yaml as the chart's defaults with {@code overlay} merged in (Helm's way: maps merge,
     * anything else replaces), so that lint, which reads values.yaml only, checks these values.
     */
    static void mergeIntoValues(Path chart, Map<String, Object> overlay) {
        try {
            Path valuesFile = chart.resolve("values.yaml");
            Map<String, Object> values = StrictManifests.parseMap(Files.readString(valuesFile));
            Files.writeString(valuesFile, StrictManifests.toJson(merge(values, overlay)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> valuesFile(Values values) {
        try {
            return values.file == null ? Map.of() : StrictManifests.parseMap(Files.readString(values.files().get(0)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overlay) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        overlay.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map && merged.get(key) instanceof Map<?, ?> existing) {
                merged.put(key, merge((Map<String, Object>) existing, (Map<String, Object>) map));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    /** The rendered objects of one release. */
    record Manifests(List<HasMetadata> objects) {

        <T extends HasMetadata> List<T> all(Class<T> kind) {
            return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> kind, String name) {
            List<T> named = all(kind).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
            if (named.size() != 1) {
                throw new AssertionError("expected one " + kind.getSimpleName() + " " + name + ", found " + named.size()
                        + " among " + objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());
            }
            return named.get(0);
        }
    }
}
