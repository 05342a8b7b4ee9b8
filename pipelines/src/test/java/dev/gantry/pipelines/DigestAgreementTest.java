package dev.gantry.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.hash.ContentDigest;
import dev.gantry.steps.sdk.Digests;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The step SDK's digests are the store's names: a step that records one records what the store calls it. */
class DigestAgreementTest {
    @TempDir
    Path dir;

    @Test
    void theSdkAndTheStoreGiveEveryKindOfArtifactTheSameDigest() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree/empty-dir"));
        Path root = tree.getParent();
        Files.createDirectories(root.resolve("nested/deeper"));
        Files.writeString(root.resolve("nested/deeper/w.bin"), "weights");
        Files.writeString(root.resolve("line\nbreak"), "odd name");
        Files.writeString(root.resolve("é"), "accent");
        Files.writeString(root.resolve("B"), "upper");
        Files.createFile(root.resolve("empty"));
        Path file = Files.writeString(dir.resolve("file.txt"), "hello\n");
        Path emptyFile = Files.createFile(dir.resolve("none"));

        for (Path path : new Path[] {root, tree, file, emptyFile, root.resolve("nested")}) {
            assertThat(Digests.sha256(path)).as(path.toString()).isEqualTo("sha256:" + ContentDigest.ofPath(path));
        }
    }
}
