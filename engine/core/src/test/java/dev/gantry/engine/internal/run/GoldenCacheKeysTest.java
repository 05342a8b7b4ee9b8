package dev.gantry.engine.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.dsl.Pipeline;
import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.hash.CanonicalJson;
import dev.gantry.engine.hash.ContentDigest;
import dev.gantry.engine.internal.cache.CacheKey;
import dev.gantry.engine.internal.cache.CacheKeys;
import dev.gantry.engine.internal.local.LocalExecutor;
import dev.gantry.spec.ArtifactType;
import dev.gantry.spec.Matrices;
import dev.gantry.spec.PipelineSpec;
import dev.gantry.spec.StepSpec;
import dev.gantry.spec.VolumeSpec;
import dev.gantry.yaml.PipelineYaml;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Today's cache keys, byte for byte: for representative steps, the exact canonical JSON that
 * {@link CacheKeys#of} hashes and the exact key it gives (SHA-256 of that text's UTF-8 bytes,
 * as lower-case hex).
 *
 * <p>These strings must never change without a bump of {@code CacheKeys.KEY_FORMAT}: stores in
 * the field hold their entries under these keys, and a key that changes silently turns every
 * one of those entries into a miss, which runs every step again and stores each result a second
 * time. A change that fails this test has changed the key: put it back, or bump the format and
 * write the new strings here on purpose.
 *
 * <p>The specs come from {@code golden-keys.yaml}, whose values reach every corner of the
 * encoding (non-ASCII text, quotes, backslashes, control characters, numbers written in YAML
 * that no long holds). What a step runs in and the digests of its inputs are given as fixed
 * values in the shapes the executors and {@link StepKeys} make them, so that no program,
 * file or Docker daemon of this machine plays a part: the test gives the same result on any
 * machine.
 *
 * <p>The expected texts are Java text blocks: a backslash at the end of a line only wraps it
 * (canonical JSON has no line breaks), and {@code \\} in the source is one backslash of the
 * JSON.
 */
class GoldenCacheKeysTest {
    /** Fixed stand-ins for content digests, one per thing that has one. */
    private static final String PREPARE_PY = "1f".repeat(32);
    private static final String PYTHON3 = "2e".repeat(32);
    private static final String PIP_FREEZE = "3d".repeat(32);
    private static final String SH = "4c".repeat(32);
    private static final String TABLE = "5b".repeat(32);
    private static final String REPORT = "6a".repeat(32);
    private static final String MODEL = "79".repeat(32);
    private static final String SWEEP_PY = "88".repeat(32);
    private static final String RAW_CSV = "97".repeat(32);
    private static final String SCORE_PY = "a6".repeat(32);
    private static final String PICK_PY = "b5".repeat(32);
    private static final String IMAGE_ID = "sha256:" + "c4".repeat(32);

    /** The pipeline of {@code golden-keys.yaml}, its matrix expanded into trials as a run expands it. */
    private static PipelineSpec expanded;

    @TempDir
    Path dir;

    @BeforeAll
    static void readPipeline() throws IOException {
        try (InputStream in = GoldenCacheKeysTest.class.getResourceAsStream("golden-keys.yaml")) {
            expanded = Matrices.expand(
                    PipelineYaml.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "golden-keys.yaml"));
        }
    }

    private static StepSpec step(String name) {
        return expanded.steps().get(name);
    }

    /** What the local executor gives a step, in its shape: the executor, code files and host parts. */
    private static Map<String, Object> local(Map<String, String> code, Map<String, Object> hostParts) {
        Map<String, Object> identity = new TreeMap<>(hostParts);
        identity.put("executor", "local");
        identity.put("code", new TreeMap<>(code));
        return identity;
    }

    private static CacheKey key(String step, Map<String, Object> identity, Map<String, String> inputs) {
        return CacheKeys.of(expanded, step(step), identity, new LinkedHashMap<>(inputs));
    }

    @Test
    void aPlainStepsKeyHoldsItsCommandParametersEnvironmentWorkdirOutputsAndCacheVersion() {
        CacheKey key = key("prepare", local(Map.of("prepare.py", PREPARE_PY), Map.of(
                "program", Map.of("/usr/bin/python3", PYTHON3),
                "scripts", new TreeMap<>(Map.of("prepare.py", PREPARE_PY)),
                "fingerprints", new TreeMap<>(Map.of("python3 -m pip freeze", PIP_FREEZE)))), Map.of());

        pin(key, "366f2dfbfc4f10696c0e6d7cc854ab566f8556acb649bdafb26b139530777478", """
                {"cacheVersion":"2024-01 \\"b\\" \\\\ é","command":["python3",\
                "prepare.py","--greeting","${params.greeting}","--limit","${params.limit}",\
                "--out","${outputs.table}","--report","${outputs.report}"],"env":{"BIG":"${params.big} and ${params.ratio}",\
                "CONTROL":"line1\\nline2\\r\\n\\b\\f\\u001B[0m","EMPTY":"","OPTIONS":"{\\"nested\\": {\\"list\\": [1,\
                 -2, 3.5e10, null]}, \\"path\\": \\"C:\\\\\\\\tmp\\\\\\\\x\\",\
                 \\"unicode\\": \\"\\\\u00e9\\"}","SEED":"${params.seed}"},"image":{"code":{"prepare.py":"1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f"},\
                "executor":"local","fingerprints":{"python3 -m pip freeze":"3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d"},\
                "program":{"/usr/bin/python3":"2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e"},\
                "scripts":{"prepare.py":"1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f"}},\
                "inputs":{},"keyFormat":2,"outputs":{"model":"dir","notes":"file",\
                "report":"metrics","table":"arrow"},"params":{"big":"123456789012345678901234567890",\
                "greeting":"Grüße, 世界 🚀 \\"quoted\\" back\\\\slash \\t tab \\u0000 nul \\u0001 soh \\u001F us \u007f del\u2028ls",\
                "limit":"9223372036854775807","ratio":"6.02e23","seed":"-9223372036854775809"},\
                "workdir":"work dir/ü"}""");
    }

    @Test
    void aStepThatReadsOutputsOfAnotherHasTheirDigestsInItsKey() {
        CacheKey key = key("train", local(Map.of(), Map.of("program", Map.of("/usr/bin/sh", SH))),
                Map.of("table", TABLE, "report", REPORT));

        pin(key, "0619cc79ee999e3d11626496522b728cde06086fe3170501099eca187bc88037", """
                {"cacheVersion":"","command":["sh","-c","train --table \\"${inputs.table}\\" --report \\"${inputs.report}\\" --small ${params.small} > \\"${outputs.model}\\""],\
                "env":{},"image":{"code":{},"executor":"local","program":{"/usr/bin/sh":"4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c"}},\
                "inputs":{"report":"6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a",\
                "table":"5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b"},\
                "keyFormat":2,"outputs":{"model":"file"},"params":{"small":"-0.000015"},\
                "workdir":""}""");
    }

    @Test
    void aTrialOfAMatrixHasEveryValueItsMatrixBindsInItsKey() {
        CacheKey key = key("sweep-4", local(Map.of(), Map.of(
                "program", Map.of("/usr/bin/python3", PYTHON3),
                "scripts", Map.of("sweep.py", SWEEP_PY))), Map.of("model", MODEL));

        pin(key, "009cd072c76b4f30b63889e7652cc730034e619971518f75f01e8cbc69ade8e8", """
                {"cacheVersion":"","command":["python3","sweep.py","--lr","${params.lr}",\
                "--flag","${params.flag}","--empty","${params.nothing}"],"env":{"DEPTH":"${params.depth}"},\
                "image":{"code":{},"executor":"local","program":{"/usr/bin/python3":"2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e"},\
                "scripts":{"sweep.py":"8888888888888888888888888888888888888888888888888888888888888888"}},\
                "inputs":{"model":"7979797979797979797979797979797979797979797979797979797979797979"},\
                "keyFormat":2,"outputs":{"metrics":"metrics"},"params":{"depth":"18446744073709551616",\
                "flag":"true","lr":"1e-3","nothing":""},"workdir":""}""");
    }

    @Test
    void aDockerStepIsKeyedByItsImageIdCodeFilesAndVolumes() {
        StepSpec step = step("package");
        // As the Docker executor makes it: code files by path (sorted as Java sorts strings, by
        // UTF-16 code units), each with a fixed digest (d0..., d1..., d2...), and volumes as written.
        Map<String, String> code = new TreeMap<>();
        for (int i = 0; i < step.code().size(); i++) {
            code.put(step.code().get(i), Integer.toHexString(0xd0 + i).repeat(32));
        }
        List<String> volumes = step.container().volumes().stream().map(VolumeSpec::toString).toList();
        Map<String, Object> identity = new TreeMap<>(Map.of(
                "executor", "docker", "image", IMAGE_ID, "code", code, "volumes", volumes));

        CacheKey key = key("package", identity, Map.of("model", MODEL));

        pin(key, "7d65e5b514514c8af532ee161ed3b1b072b18a0c4702f17bce250091cc8032aa", """
                {"cacheVersion":"3","command":["gantry-step","package","--model",\
                "${inputs.model}","--out","${outputs.bundle}"],"env":{},"image":{"code":{"steps/ü.py":"d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0",\
                "steps/😀.py":"d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1",\
                "steps/\ufffd.py":"d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2"},\
                "executor":"docker","image":"sha256:c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4",\
                "volumes":["data/models:/models","cache:/cache:rw"]},"inputs":{"model":"7979797979797979797979797979797979797979797979797979797979797979"},\
                "keyFormat":2,"outputs":{"bundle":"dir"},"params":{},"workdir":""}""");
    }

    @Test
    void aStepThatReadsAHostFileHasTheFilesContentDigestInItsKey() {
        CacheKey key = key("score", local(Map.of(), Map.of(
                "program", Map.of("/usr/bin/python3", PYTHON3),
                "scripts", Map.of("score.py", SCORE_PY))), Map.of("raw", RAW_CSV));

        pin(key, "ed659d3f6078aa1b2349fba070231a59bee90c684d565f524756f051090870d8", """
                {"cacheVersion":"","command":["python3","score.py","${inputs.raw}",\
                "${outputs.scores}"],"env":{},"image":{"code":{},"executor":"local",\
                "program":{"/usr/bin/python3":"2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e"},\
                "scripts":{"score.py":"a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6"}},\
                "inputs":{"raw":"9797979797979797979797979797979797979797979797979797979797979797"},\
                "keyFormat":2,"outputs":{"scores":"arrow"},"params":{},"workdir":""}""");
    }

    @Test
    void aStepThatCollectsTheTrialsOfAMatrixHasOneDigestOfTheirOutputsAndValuesInItsKey() {
        List<OutputArtifact> trials = new ArrayList<>();
        List<Map<String, String>> values = new ArrayList<>();
        for (int trial = 1; trial <= 4; trial++) {
            String sha = Integer.toString(trial).repeat(64);
            trials.add(new OutputArtifact(sha, dir.resolve(sha), ArtifactType.METRICS, 20, Optional.empty(),
                    Optional.empty()));
            values.add(step("sweep-" + trial).matrix().binding().orElseThrow());
        }
        String collected = new CollectedInput(dir.resolve("all"), trials, values).digest();

        CacheKey key = key("pick", local(Map.of(), Map.of(
                "program", Map.of("/usr/bin/python3", PYTHON3),
                "scripts", Map.of("pick.py", PICK_PY))), Map.of("all", collected));

        assertThat(collected).isEqualTo("5a2d3ec28fbdef821dcbb25aed6b5c71fd5982faf992f332b14acf2000b434df");
        pin(key, "3664c1b7a989449d5234522d1a4e6d7273d0d72536b7b0fdf0ed14bc0a6655a5", """
                {"cacheVersion":"","command":["python3","pick.py","${inputs.all}",\
                "${outputs.best}"],"env":{},"image":{"code":{},"executor":"local",\
                "program":{"/usr/bin/python3":"2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e"},\
                "scripts":{"pick.py":"b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5"}},\
                "inputs":{"all":"5a2d3ec28fbdef821dcbb25aed6b5c71fd5982faf992f332b14acf2000b434df"},\
                "keyFormat":2,"outputs":{"best":"metrics"},"params":{},"workdir":""}""");
    }

    /**
     * The local executor's own identity for a step whose program and code are files of the
     * project, not of the host: made by the real executor from files this test writes, so it is
     * the same on every machine. The program has no {@code #!} line, so no host interpreter is
     * in it.
     */
    @Test
    void aLocalStepWhoseProgramIsAFileOfTheProjectIsKeyedByThatFilesContent() throws IOException {
        Files.createDirectories(dir.resolve("tools"));
        Files.writeString(dir.resolve("tools/make"), "printf '%s\\n' \"$1\" > \"$2\"\n");
        Files.writeString(dir.resolve("words.txt"), "alpha\nbeta\n");
        Files.writeString(dir.resolve("lib.sh"), "shout() { tr a-z A-Z; }\n");
        Pipeline project = Pipeline.named("project").param("word", "\u00e9t\u00e9");
        project.step("make")
                .command("./tools/make", "words.txt", "${params.word}", "${outputs.out}")
                .code("lib.sh")
                .output("out", ArtifactType.FILE);
        PipelineSpec spec = project.build();
        StepSpec step = spec.steps().get("make");

        Map<String, Object> identity = new LocalExecutor()
                .prepare(spec, step, new PreparationScope(dir, ContentDigest::ofPath)).identity();
        CacheKey key = CacheKeys.of(spec, step, identity, Map.of());

        pin(key, "592c90f3cb55719f279b6504ec00ec59e581a4719a9a9708ec6c9ed6b7110810", """
                {"cacheVersion":"","command":["./tools/make","words.txt","${params.word}",\
                "${outputs.out}"],"env":{},"image":{"code":{"lib.sh":"963fc92b48b3f484315bab2d0d71d614d67c3684e003000ad5676a0aa94846d4"},\
                "executor":"local","program":{"./tools/make":"1be0ee9ec85a746d6bb274aa03dabac57ff97cedd4531dc22b6dc7134dc78c03"},\
                "scripts":{"words.txt":"6083fa0d8195a662fdfe02eaf9afd6ce1bb1d62c3ffb59dfbb1fa955952f777f"}},\
                "inputs":{},"keyFormat":2,"outputs":{"out":"file"},"params":{"word":"été"},\
                "workdir":""}""");
    }

    /**
     * The encoding of every kind of value the store writes as canonical JSON (keys, cache
     * entries' outputs, collected inputs): numbers at the edges of int and long, booleans, null,
     * nesting, map keys in Java's string order (UTF-16 code units, so {@code U+1F600} sorts
     * before {@code U+FFFD}) and strings with every kind of escape.
     */
    @Test
    void theCanonicalJsonOfEveryKindOfValueIsPinned() {
        Map<String, Object> tree = new HashMap<>();
        tree.put("ints", List.of(0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE));
        tree.put("longs", List.of(0L, -1L, 4_294_967_296L, Long.MAX_VALUE, Long.MIN_VALUE));
        tree.put("booleans", List.of(true, false));
        tree.put("null", Arrays.asList((Object) null));
        tree.put("nested", Map.of("b", List.of(Map.of(), List.of(), Map.of("z", List.of(List.of("deep"))))));
        Map<String, Object> keys = new LinkedHashMap<>();
        for (String k : List.of("\uFFFD", "\uD83D\uDE00", "\u00e9", "Z", "a", "", " ", "a\u0000", "A")) {
            keys.put(k, k.length());
        }
        tree.put("keys", keys);
        tree.put("escapes", "\"\\/\b\f\n\r\t\u0000\u0001\u001f\u007f\u0080\u2028\u2029\uFEFF\uD800 \uDC00 \uD83D\uDE80");
        Map<String, Object> jackson = new TreeMap<>(Map.of("double", List.of(1.5, -0.0, 1e300, 6.02e23, 1e-7),
                "big", new BigInteger("123456789012345678901234567890"), "long", Long.MIN_VALUE));

        assertThat(CanonicalJson.write(tree)).isEqualTo("""
                {"booleans":[true,false],"escapes":"\\"\\\\/\\b\\f\\n\\r\\t\\u0000\\u0001\\u001F\u007f\u0080\u2028\u2029\ufeff\ud800 \udc00 🚀",\
                "ints":[0,-1,2147483647,-2147483648],"keys":{"":0," ":1,"A":1,\
                "Z":1,"a":1,"a\\u0000":2,"é":1,"😀":2,"\ufffd":1},"longs":[0,\
                -1,4294967296,9223372036854775807,-9223372036854775808],"nested":{"b":[{},\
                [],{"z":[["deep"]]}]},"null":[null]}""");
        assertThat(CanonicalJson.write(jackson)).isEqualTo("""
                {"big":123456789012345678901234567890,"double":[1.5,-0.0,1.0E300,\
                6.02E23,1.0E-7],"long":-9223372036854775808}""");
    }

    /** The key's canonical text first: when it differs, AssertJ shows where. */
    private static void pin(CacheKey key, String sha256, String canonical) {
        assertThat(key.canonicalParts()).isEqualTo(canonical);
        assertThat(key.sha256()).isEqualTo(sha256);
    }
}
