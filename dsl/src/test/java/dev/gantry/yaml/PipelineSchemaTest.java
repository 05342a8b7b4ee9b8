package dev.gantry.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The JSON Schema of the pipeline format, against every pipeline file in the repository. */
class PipelineSchemaTest {
    static final String SCHEMA = "/dev/gantry/yaml/gantry-pipeline.schema.json";
    /** Where pipeline files live, relative to the repository root. */
    static final List<String> PIPELINE_DIRS = List.of("samples", "pipelines", "bench", "dsl/src/test/resources/pipelines");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    @Test
    void everyPipelineFileInTheRepositoryMatchesTheSchema() {
        Path root = repositoryRoot();
        List<Path> files = pipelineFiles(root);
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            errors(readYaml(file)).forEach(e -> failures.add(root.relativize(file) + ": " + e.getMessage()));
        }

        assertThat(files).as("pipeline files under " + PIPELINE_DIRS).isNotEmpty()
                .contains(root.resolve("dsl/src/test/resources/pipelines/every-key.yaml"));
        assertThat(failures).isEmpty();
    }

    @Test
    void theFixturePipelinesAreValidForTheReaderToo() {
        Path root = repositoryRoot();
        Path fixtures = root.resolve("dsl/src/test/resources/pipelines");

        List<Path> files = pipelineFiles(root).stream().filter(f -> f.startsWith(fixtures)).toList();

        assertThat(files).hasSizeGreaterThanOrEqualTo(2);
        files.forEach(file -> assertThat(PipelineYaml.read(file).steps()).as(file.toString()).isNotEmpty());
    }

    @Test
    void acceptsWhatTheWriterWrites() throws IOException {
        String yaml = PipelineYaml.write(PipelineYamlWriteTest.richPipeline());

        assertThat(errors(YAML.readTree(yaml))).isEmpty();
    }

    @Test
    void rejectsUnknownKeysBadArtifactTypesAndMalformedValues() throws IOException {
        assertRejected("name: x\nsteps: {a: {comand: [x]}}\n",
                "$.steps.a: property 'comand' is not defined in the schema");
        assertRejected("name: x\nsteps: {a: {command: [x]}}\nschedule: {cron: x}\n",
                "$.schedule.cron: does not match the regex pattern ^\\s*\\S+(\\s+\\S+){4,6}\\s*$");
        assertRejected("name: x\nsteps: {a: {command: [x], outputs: {t: parquet}}}\n",
                "$.steps.a.outputs.t: does not have a value in the enumeration [\"arrow\", \"file\", \"dir\", \"metrics\"]");
        assertRejected("name: x\nsteps: {a: {command: [x], timeout: 2 hours}}\n",
                "$.steps.a.timeout: does not match the regex pattern");
        assertRejected("name: x\nsteps: {a: {command: [x], resources: {memory: 0g}}}\n",
                "$.steps.a.resources.memory: must be valid to one and only one schema");
        assertRejected("name: x\nsteps: {a: {command: [x], inputs: {raw: data/file.csv}}}\n",
                "$.steps.a.inputs.raw: must be valid to one and only one schema");
        assertRejected("name: x\nsteps: {Bad: {command: [x]}}\n",
                "$.steps: property 'Bad' name is not valid");
        assertRejected("name: x\nsteps: {a: {image: x}}\n",
                "$.steps.a: required property 'command' not found");
        assertRejected("name: x\nsteps: {}\n",
                "$.steps: must have at least 1 properties");
        assertRejected("name: x\nexecutor: K8s\nsteps: {a: {command: [x]}}\n",
                "$.executor: does not match the regex pattern ^[a-z][a-z0-9-]{0,62}$");
        assertRejected("name: x\nsteps: {a: {command: [x], volumes: [data]}}\n",
                "$.steps.a.volumes[0]: must be valid to one and only one schema");
        assertRejected("name: x\nsteps: {a: {command: [x], checkpoints: ckpt}}\n",
                "$.steps.a.checkpoints: does not match the regex pattern ^/");
        assertRejected("name: x\nsteps: {a: {command: [x], unsafe: [everything]}}\n",
                "$.steps.a.unsafe[0]: does not match the regex pattern");
        assertRejected("name: x\nsteps: {a: {command: [x], fingerprint: [[]]}}\n",
                "$.steps.a.fingerprint[0]: must be valid to one and only one schema");
        assertRejected("name: x\nparams: {e: {type: int, default: 3, tpye: int}}\nsteps: {a: {command: [x]}}\n",
                "$.params.e: must be valid to one and only one schema");
        assertRejected("name: x\nparams: {m: {type: enum, values: [], default: a}}\nsteps: {a: {command: [x]}}\n",
                "$.params.m: must be valid to one and only one schema");
    }

    @Test
    void acceptsEveryFormTheReaderAccepts() throws IOException {
        assertThat(errorsIn("name: x\nsteps: {a: {command: echo hi, cache: false, outputs: {o: {}}}}\n")).isEmpty();
        assertThat(errorsIn("name: x\nsteps: {a: {command: [x], cache: {version: 2}, outputs: {o: {type: dir}}}}\n")).isEmpty();
        assertThat(errorsIn("name: x\nsteps: {a: {command: [x], resources: {memory: 1073741824, cpus: 0.25}}}\n")).isEmpty();
        assertThat(errorsIn("name: x\nsteps: {a: {command: [x], fingerprint: [[pip, freeze], uname -r],"
                + " network: host, capabilities: [SYS_ADMIN], volumes: [\"/:/host\"],"
                + " unsafe: [host-network, cap:sys_admin, mount:/, mount:/etc, docker-socket, mount-store]}}\n"))
                .isEmpty();
        assertThat(errorsIn("name: x\nparams: {e: {type: int, default: 3, description: Epochs}, f: {default: a},"
                + " m: {type: enum, values: [a, b], default: a}, s: {secret: true, description: A key}}\n"
                + "steps: {a: {command: [x]}}\n")).isEmpty();
        assertThat(errorsIn("name: x\nexecutor: local\nsteps: {a: {command: [x], build: images/a,"
                + " volumes: [\"a:/a:ro\", {source: b, target: /b}], tmpfs: [/t, {path: /u, size: 1g}]}}\n")).isEmpty();
    }

    @Test
    void theSchemaIsValidDraft202012() throws IOException {
        JsonSchema metaSchema = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        try (InputStream in = PipelineSchemaTest.class.getResourceAsStream(SCHEMA)) {
            assertThat(metaSchema.validate(new ObjectMapper().readTree(in))).isEmpty();
        }
    }

    private static void assertRejected(String yaml, String messageStart) throws IOException {
        assertThat(errorsIn(yaml)).as(yaml)
                .anySatisfy(e -> assertThat(e.getMessage()).startsWith(messageStart));
    }

    private static Set<ValidationMessage> errorsIn(String yaml) throws IOException {
        return errors(YAML.readTree(yaml));
    }

    private static Set<ValidationMessage> errors(JsonNode document) {
        try (InputStream in = PipelineSchemaTest.class.getResourceAsStream(SCHEMA)) {
            return FACTORY.getSchema(in).validate(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The repository root: the parent of this module's directory, where Maven runs the tests. */
    static Path repositoryRoot() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path root = module.getParent();
        assertThat(root.resolve("dsl").resolve("pom.xml")).as("repository root " + root).exists();
        return root;
    }

    /** Every *.yaml and *.yml file in the pipeline folders, skipping build output and stores. */
    static List<Path> pipelineFiles(Path root) {
        List<Path> files = new ArrayList<>();
        for (String dir : PIPELINE_DIRS) {
            Path start = root.resolve(dir);
            if (Files.isDirectory(start)) {
                walk(start, files);
            }
        }
        files.sort(null);
        return files;
    }

    private static void walk(Path start, List<Path> files) {
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name = dir.getFileName().toString();
                    return name.equals("target") || name.equals(".gantry") ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + start, e);
        }
    }
}
