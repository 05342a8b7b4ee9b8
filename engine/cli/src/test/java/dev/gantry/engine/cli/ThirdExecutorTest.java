package dev.gantry.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.engine.GantryProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An executor that core knows nothing of, compiled here from its source into a jar of its own
 * and put on the CLI's class path: the CLI finds it, runs pipelines on it by name and by auto's
 * rule, and lists it among the installed executors.
 */
class ThirdExecutorTest {
    private static final String PROVIDER = "dev.gantry.thirdexecutor.ThirdExecutorProvider";

    @TempDir
    static Path build;

    @TempDir
    Path dir;

    private static Path jar;

    @BeforeAll
    static void buildThePluginJar() throws Exception {
        Path source = Path.of(ThirdExecutorTest.class.getResource("/third-executor").toURI());
        Path classes = Files.createDirectories(build.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args;
        try (Stream<Path> files = Files.walk(source)) {
            args = new java.util.ArrayList<>(List.of("-d", classes.toString(), "-cp",
                    System.getProperty("java.class.path"), "--release", "17"));
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).as("javac's exit code").isZero();
        jar = build.resolve("third-executor.jar");
        writeJar(classes, jar);
    }

    private static void writeJar(Path classes, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/dev.gantry.engine.spi.ExecutorProvider"));
            out.write((PROVIDER + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    private GantryProcess.Result gantry(String... args) throws Exception {
        return GantryProcess.start(List.of(jar), dir, Map.of(), args).finish();
    }

    private void writePipeline(String name) throws IOException {
        Files.writeString(dir.resolve(name + ".yaml"), """
                name: %s
                steps:
                  greet:
                    command: [sh, -c, 'echo "hello from $GANTRY_STEP" > "$GANTRY_OUTPUT_MESSAGE"']
                    outputs: {message: file}
                  shout:
                    command: [sh, -c, 'tr a-z A-Z < "$GANTRY_INPUT_MESSAGE" > "$GANTRY_OUTPUT_LOUD"']
                    inputs: {message: greet.message}
                    outputs: {loud: file}
                """.formatted(name));
    }

    @Test
    void aPipelineRunsOnAnExecutorFromAJarOfItsOwnWhenARunNamesIt() throws Exception {
        writePipeline("third-named");

        GantryProcess.Result run = gantry("run", "third-named.yaml", "--executor", "third", "--json");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).startsWith("notice: the third executor is open\n");
        JsonNode report = new ObjectMapper().readTree(run.stdout());
        assertThat(report.get("status").asText()).isEqualTo("succeeded");
        Path loud = Path.of(report.get("steps").get(1).get("outputs").get("loud").get("path").asText());
        assertThat(Files.readString(loud)).isEqualTo("HELLO FROM GREET\n");
        assertThat(gantry("explain", "last", "greet").stdout()).contains("  image.executor: \"third\"\n");
    }

    @Test
    void aPipelineThatThePluginCannotRunFailsBeforeAnythingStartsWithThePluginsWords() throws Exception {
        writePipeline("plain");

        GantryProcess.Result run = gantry("run", "plain.yaml", "--executor", "third");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).isEqualTo("error: pipeline 'plain' is not one for the third executor\n");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void autoTakesThePluginWhereItsRuleSaysSoAndPassesItOverElsewhere() throws Exception {
        writePipeline("third-hello");
        writePipeline("plain");

        GantryProcess.Result suited = gantry("run", "third-hello.yaml");
        GantryProcess.Result unsuited = gantry("run", "plain.yaml");

        assertThat(suited.exitCode()).as(suited.stderr()).isZero();
        assertThat(suited.stdout()).startsWith("notice: the third executor is open\n");
        assertThat(gantry("explain", "last", "greet").stdout()).contains("  image.executor: \"local\"\n");
        assertThat(unsuited.exitCode()).as(unsuited.stderr()).isZero();
        assertThat(unsuited.stdout()).startsWith("notice: running the steps as local processes:"
                + " its name does not start with 'third-'\n");
    }

    @Test
    void theInstalledExecutorsListIncludesThePlugin() throws Exception {
        writePipeline("plain");

        GantryProcess.Result run = gantry("run", "plain.yaml", "--executor", "thrid");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr())
                .isEqualTo("error: unknown executor 'thrid' (did you mean 'third'?); installed: local, docker,"
                        + " kubernetes, slurm, third\n");
    }
}
