package dev.gantry.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.SpecCodec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The binary form of specs that the cache of parsed pipelines keeps. */
class SpecCodecTest {

    @Test
    void everyPipelineFileInTheRepositoryReadsBackEqual() {
        Path root = PipelineSchemaTest.repositoryRoot();
        List<Path> files = PipelineSchemaTest.pipelineFiles(root);

        assertThat(files).contains(root.resolve("dsl/src/test/resources/pipelines/every-key.yaml"),
                root.resolve("pipelines/breast-cancer-sweep.yaml"), root.resolve("samples/hello/hello.yaml"));
        for (Path file : files) {
            PipelineSpec spec = PipelineYaml.read(file);
            assertThat(SpecCodec.read(SpecCodec.write(spec))).as(file.toString()).isEqualTo(spec);
        }
    }

    @Test
    void aPipelineWithEveryFeatureReadsBackEqual() {
        PipelineSpec rich = PipelineYamlWriteTest.richPipeline();

        assertThat(SpecCodec.read(SpecCodec.write(rich))).isEqualTo(rich);
    }

    @Test
    void truncatedOrTrailingBytesAreRefused() {
        byte[] bytes = SpecCodec.write(PipelineYamlWriteTest.richPipeline());

        assertThatThrownBy(() -> SpecCodec.read(Arrays.copyOf(bytes, bytes.length / 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a pipeline spec");
        assertThatThrownBy(() -> SpecCodec.read(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 bytes follow the spec");
    }

    @Test
    void aCorruptLengthIsRefusedWithoutAskingForMemory() {
        byte[] bytes = SpecCodec.write(PipelineYamlWriteTest.richPipeline());
        bytes[0] = 0x7f;

        assertThatThrownBy(() -> SpecCodec.read(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a count of");
    }

    @Test
    void theSchemaNamesEveryRecordWithItsComponents() {
        assertThat(SpecCodec.schema())
                .contains("dev.gantry.spec.PipelineSpec(java.lang.String name;")
                .contains("dev.gantry.spec.StepSpec(")
                .contains("dev.gantry.spec.InputSpec permits dev.gantry.spec.InputSpec$StepOutput")
                .contains("dev.gantry.spec.ArtifactType[");
    }
}
