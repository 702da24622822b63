package org.deeplesion.jobs.cluster;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes objects checked as strictly as {@code kubectl apply --validate=strict}. fabric8's model classes keep
 * every key they do not know in an "additional properties" map and write it back out, and an API server drops
 * unknown fields with no more than a warning, so a misspelt key in a pod template would otherwise vanish silently
 * between our YAML and the running pod.
 */
final class StrictPods {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private StrictPods() {}

    /**
     * Reads a pod template: well-formed YAML without duplicate keys, {@code apiVersion: v1}, {@code kind: Pod},
     * and no key that the Pod schema lacks, at any depth.
     *
     * @throws IllegalArgumentException naming the file and every offending key
     */
    static Pod readTemplate(Path yaml) throws IOException {
        requireNonNull(yaml, "yaml");
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(yaml + " is not valid YAML: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException(yaml + " holds no YAML mapping");
        }
        if (!"v1".equals(tree.path("apiVersion").asText())
                || !"Pod".equals(tree.path("kind").asText())) {
            throw new IllegalArgumentException(
                    yaml + " is not a v1 Pod: apiVersion " + tree.path("apiVersion") + ", kind " + tree.path("kind"));
        }
        Pod pod;
        try {
            pod = Serialization.jsonMapper().treeToValue(tree, Pod.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(yaml + " does not fit the Pod schema: " + e.getMessage(), e);
        }
        requireKnownFields(yaml.toString(), pod);
        return pod;
    }

    /**
     * Fails when a fabric8 model object, or anything under it, carries a key its schema does not know.
     *
     * @throws IllegalArgumentException naming {@code what} and every offending key by its path
     */
    static void requireKnownFields(String what, Object resource) {
        requireNonNull(what, "what");
        requireNonNull(resource, "resource");
        List<String> unknown = new ArrayList<>();
        collectUnknown(resource, "", unknown);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(what + " has keys that Kubernetes does not know: " + unknown);
        }
    }

    private static void collectUnknown(Object value, String path, List<String> unknown) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, v) -> collectUnknown(v, path + "." + key, unknown));
        } else if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknown(item, path + "[" + i++ + "]", unknown);
            }
        } else if (value != null && value.getClass().getPackageName().startsWith(MODEL_PACKAGE)) {
            for (Method getter : value.getClass().getMethods()) {
                if (isProperty(getter)) {
                    Object child = invoke(getter, value);
                    if (getter.getName().equals("getAdditionalProperties")) {
                        ((Map<?, ?>) child).keySet().forEach(key -> unknown.add(path + "." + key));
                    } else {
                        collectUnknown(child, path + "." + propertyName(getter), unknown);
                    }
                }
            }
        }
    }

    private static boolean isProperty(Method m) {
        return m.getParameterCount() == 0
                && !Modifier.isStatic(m.getModifiers())
                && m.getDeclaringClass().getPackageName().startsWith(MODEL_PACKAGE)
                && m.getName().startsWith("get")
                && m.getName().length() > 3;
    }

    private static String propertyName(Method getter) {
        String name = getter.getName().substring(3);
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(
                    "cannot read " + getter + " of " + target.getClass().getName(), e);
        }
    }
}
