package io.decidr.helm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;

/**
 * Rendered manifests as fabric8's typed Kubernetes model, strictly: a field the model does not know fails.
 *
 * <p>The model classes keep unknown fields in an {@code additionalProperties} map (a Jackson "any setter") instead
 * of failing, so a misspelled {@code readinesProbe} would pass unnoticed. This mapper switches the any setters off
 * and fails on unknown properties; an unknown {@code kind} fails too (it would only fit the catch-all generic
 * resource, whose fields all go through the any setter).
 */
final class StrictManifests {

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private static final KubernetesSerialization STRICT = new KubernetesSerialization() {
        @Override
        protected ObjectMapper configureMapper(ObjectMapper mapper) {
            return super.configureMapper(mapper).rebuild()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .annotationIntrospector(new NoCatchAllFields())
                    .build();
        }
    };

    /** Plain (lenient) YAML and JSON, for values files and JSON settings. */
    private static final KubernetesSerialization PLAIN = new KubernetesSerialization();

    private StrictManifests() {
    }

    /** Every document of a multi-document YAML stream (helm template's output), each as its typed model. */
    static List<HasMetadata> parseAll(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            if (isEmpty(document)) {
                continue;
            }
            try {
                objects.add(STRICT.unmarshal(document, HasMetadata.class));
            } catch (RuntimeException e) {
                throw new AssertionError("a rendered manifest does not fit the Kubernetes model: " + rootMessage(e)
                        + "\n" + document, e);
            }
        }
        return objects;
    }

    /** A YAML or JSON document as plain maps and lists. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseMap(String yamlOrJson) {
        return PLAIN.unmarshal(yamlOrJson, Map.class);
    }

    static String toJson(Object value) {
        return PLAIN.asJson(value);
    }

    private static boolean isEmpty(String document) {
        return document.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("#"));
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    /** Jackson's own introspection, less the catch-all fields and the permission to ignore unknown ones. */
    private static final class NoCatchAllFields extends JacksonAnnotationIntrospector {

        private static final long serialVersionUID = 1L;

        @Override
        public Boolean hasAnySetter(MapperConfig<?> config, Annotated annotated) {
            return Boolean.FALSE;
        }

        @Override
        public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated annotated) {
            return super.findPropertyIgnoralByName(config, annotated).withoutIgnoreUnknown();
        }
    }
}
