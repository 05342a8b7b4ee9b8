package dev.gantry.engine.internal.gc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.engine.hash.CanonicalJson;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The runs and objects that registered model versions depend on, read from the model cards of
 * the registries' versions ({@code REGISTRY/NAME/vN/card.json}): the card's {@code run_id}, and
 * every {@code sha256:} digest under its {@code digests} (model, transform, metrics, training
 * table, data), which are the store's names for the same content.
 */
final class RegisteredModels {
    final Set<String> runs = new HashSet<>();
    final DigestSet objects = new DigestSet();
    int versions;

    /**
     * Reads every version of every model in {@code registries}.
     *
     * @throws IllegalArgumentException when a registry is not a directory, or a card cannot be read:
     *     collection must not go on as if its versions were not there
     */
    static RegisteredModels read(List<Path> registries) {
        RegisteredModels models = new RegisteredModels();
        for (Path registry : registries) {
            if (!Files.isDirectory(registry)) {
                throw new IllegalArgumentException("no model registry at " + registry + " (not a directory)");
            }
            try (DirectoryStream<Path> names = Files.newDirectoryStream(registry, Files::isDirectory)) {
                for (Path name : names) {
                    try (DirectoryStream<Path> versions = Files.newDirectoryStream(name,
                            p -> p.getFileName().toString().matches("v[1-9][0-9]*"))) {
                        for (Path version : versions) {
                            models.add(version.resolve("card.json"));
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the model registry " + registry + ": " + e.getMessage(), e);
            }
        }
        return models;
    }

    private void add(Path card) throws IOException {
        if (!Files.isRegularFile(card)) {
            return; // a version without a card was not made by a Gantry step; nothing in it names a run
        }
        JsonNode json;
        try {
            json = CanonicalJson.mapper().readTree(card.toFile());
        } catch (IOException e) {
            throw new IOException("model card " + card + " is not valid JSON: " + e.getMessage(), e);
        }
        versions++;
        JsonNode run = json.path("run_id");
        if (run.isTextual()) {
            runs.add(run.asText());
        }
        addDigests(json.path("digests"));
    }

    private void addDigests(JsonNode node) {
        if (node.isTextual() && node.asText().startsWith("sha256:")) {
            objects.add(node.asText().substring("sha256:".length()));
        }
        node.elements().forEachRemaining(this::addDigests);
    }
}
