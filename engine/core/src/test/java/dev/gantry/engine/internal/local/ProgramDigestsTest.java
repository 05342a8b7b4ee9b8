package dev.gantry.engine.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.hash.ContentDigest;
import dev.gantry.engine.spi.RunScope;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.PipelineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run looks at each host program once, however many steps start it. */
class ProgramDigestsTest {
    @TempDir
    Path dir;

    @Test
    void aProgramThatAThousandStepsStartIsHashedOncePerRun() throws Exception {
        Files.writeString(dir.resolve("job.sh"), "echo hi\n");
        Pipeline p = Pipeline.named("many");
        for (int i = 0; i < 1000; i++) {
            p.step("s" + i).command("sh", "job.sh", "${outputs.o}").output("o", ArtifactType.FILE);
        }
        PipelineSpec spec = p.build();
        List<Path> hashed = new ArrayList<>();
        Map<Class<?>, Object> memos = new HashMap<>();
        RunScope run = new RunScope() {
            @Override
            public Path baseDir() {
                return dir;
            }

            @Override
            public String hostDigest(Path path) {
                hashed.add(path);
                return ContentDigest.ofPath(path);
            }

            @Override
            public <T> T memo(Class<T> type, Function<RunScope, T> make) {
                return type.cast(memos.computeIfAbsent(type, t -> make.apply(this)));
            }
        };
        LocalExecutor executor = new LocalExecutor();

        List<Map<String, Object>> identities = new ArrayList<>();
        for (var step : spec.steps().values()) {
            identities.add(executor.prepare(spec, step, run).identity());
        }

        Path sh = Path.of(new ProgramPath().resolve("sh", java.util.Optional.of(System.getenv("PATH"))));
        assertThat(hashed).containsExactlyInAnyOrder(sh.toAbsolutePath().normalize(), dir.resolve("job.sh"));
        assertThat(identities).allMatch(identities.get(0)::equals);
        assertThat(identities.get(0)).containsEntry("program", Map.of(sh.toString(), ContentDigest.ofPath(sh)))
                .containsEntry("scripts", Map.of("job.sh", ContentDigest.ofPath(dir.resolve("job.sh"))));
    }
}
