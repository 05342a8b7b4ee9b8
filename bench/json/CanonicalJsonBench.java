import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Times {@code CanonicalJson.write}, which writes the text of every cache key and cache entry, in
 * two builds of Gantry in one JVM: each build's libraries ({@code engine/cli/target/lib}) in a
 * class loader of its own, so both run their own code on the same maps, the same load and the
 * same JDK. First it checks that both builds write the same text for every map below and for
 * every UTF-16 code unit in a string and in a key; then it times, in CPU time of the thread that
 * writes (on a machine shared with other work, far steadier than wall time):
 *
 * <ul>
 *   <li>the first call of each build, which loads and initialises its classes (from the jars:
 *       {@code ./gantry} takes most of them from its class-data archive instead);
 *   <li>the calls after it, as a run of a thousand steps makes them (a key and an entry per step,
 *       mostly before the JIT has compiled anything): 2,000 calls per build, alternated in blocks
 *       of 50 so that neither warms the JDK's code for the other;
 *   <li>compiled code: after a warm-up, rounds of 20,000 calls per build, alternated; the
 *       median time per call over the rounds.
 * </ul>
 *
 * <p>usage, from the root of a built checkout (the launcher's JIT flags, as {@code ./gantry} runs):
 *
 * <pre>
 * java -XX:+UseSerialGC -XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 \
 *     -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000 \
 *     bench/json/CanonicalJsonBench.java --baseline ../base [--rounds 31] [--quick]
 * </pre>
 */
public final class CanonicalJsonBench {
    private static final String HEX = "0123456789abcdef";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Throwable {
        Path baselineDir = null;
        int rounds = 31;
        int perRound = 20_000;
        int warmUps = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--baseline" -> baselineDir = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                // Checks that the benchmark still works, in seconds: CI runs it (BenchQuickModeTest).
                case "--quick" -> {
                    rounds = 1;
                    perRound = 2_000;
                    warmUps = 1;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: CanonicalJsonBench --baseline DIR [--rounds R] [--quick]");
            }
        }
        if (baselineDir == null) {
            throw new IllegalArgumentException("usage: CanonicalJsonBench --baseline DIR [--rounds R] [--quick]");
        }
        MethodHandle baseline = writer(baselineDir);
        MethodHandle current = writer(Path.of(""));
        List<Object> maps = maps();

        long baseFirst = firstCall(baseline, maps.get(0));
        long ourFirst = firstCall(current, maps.get(0));
        System.out.printf("first call (loads the classes): baseline %.1f ms, this %.1f ms%n", baseFirst / 1e6,
                ourFirst / 1e6);
        long[] early = earlyCalls(baseline, current, maps);
        System.out.printf("next 2,000 calls: baseline %.1f ms, this %.1f ms, this / baseline %.3f%n",
                early[0] / 1e6, early[1] / 1e6, (double) early[1] / early[0]);

        check(baseline, current, maps);
        for (int i = 0; i < warmUps; i++) {
            calls(baseline, maps, perRound);
            calls(current, maps, perRound);
        }
        double[] base = new double[rounds];
        double[] ours = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            // Alternate which build goes first, so neither always follows the other's garbage.
            if (r % 2 == 0) {
                base[r] = calls(baseline, maps, perRound);
                ours[r] = calls(current, maps, perRound);
            } else {
                ours[r] = calls(current, maps, perRound);
                base[r] = calls(baseline, maps, perRound);
            }
        }
        double b = median(base);
        double o = median(ours);
        System.out.printf("compiled, ns per call (median of %d rounds of %,d): baseline %.0f, this %.0f, this / baseline %.3f%n",
                rounds, perRound, b, o, o / b);
        for (Object map : maps) {
            String text = (String) current.invoke(map);
            System.out.printf("  sample of %d chars: %s%n", text.length(),
                    text.length() > 90 ? text.substring(0, 90) + "..." : text);
        }
    }

    /** {@code CanonicalJson.write} of the build in {@code checkout}, loaded from its own jars. */
    private static MethodHandle writer(Path checkout) throws IOException, ReflectiveOperationException {
        Path lib = checkout.resolve("engine/cli/target/lib");
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(lib)) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
        }
        ClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        Class<?> canonical = Class.forName("dev.gantry.engine.hash.CanonicalJson", true, loader);
        return MethodHandles.publicLookup().findStatic(canonical, "write",
                MethodType.methodType(String.class, Object.class));
    }

    private static long firstCall(MethodHandle writer, Object map) throws Throwable {
        long start = THREADS.getCurrentThreadCpuTime();
        String text = (String) writer.invoke(map);
        long elapsed = THREADS.getCurrentThreadCpuTime() - start;
        if (text.isEmpty()) {
            throw new AssertionError();
        }
        return elapsed;
    }

    /** CPU nanoseconds of 2,000 early calls of each build, alternated in blocks of 50. */
    private static long[] earlyCalls(MethodHandle baseline, MethodHandle current, List<Object> maps) throws Throwable {
        long[] nanos = new long[2];
        MethodHandle[] builds = {baseline, current};
        for (int block = 0; block < 40; block++) {
            for (int b = 0; b < 2; b++) {
                int which = (block + b) % 2;
                long start = THREADS.getCurrentThreadCpuTime();
                for (int i = 0; i < 50; i++) {
                    String text = (String) builds[which].invoke(maps.get(i % maps.size()));
                    if (text.isEmpty()) {
                        throw new AssertionError();
                    }
                }
                nanos[which] += THREADS.getCurrentThreadCpuTime() - start;
            }
        }
        return nanos;
    }

    /** CPU nanoseconds per call of {@code n} calls. */
    private static double calls(MethodHandle writer, List<Object> maps, int n) throws Throwable {
        int length = 0;
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            length += ((String) writer.invoke(maps.get(i % maps.size()))).length();
        }
        long elapsed = THREADS.getCurrentThreadCpuTime() - start;
        if (length == 0) {
            throw new AssertionError();
        }
        return (double) elapsed / n;
    }

    /** Both builds write the same text, or the figures mean nothing. */
    private static void check(MethodHandle baseline, MethodHandle current, List<Object> maps) throws Throwable {
        List<Object> values = new ArrayList<>(maps);
        for (int c = 0; c <= 0xFFFF; c++) {
            String s = "a" + (char) c + "b";
            values.add(s);
            values.add(Map.of(s, List.of(s, c)));
        }
        for (Object value : values) {
            String expected = (String) baseline.invoke(value);
            String actual = (String) current.invoke(value);
            if (!expected.equals(actual)) {
                throw new AssertionError("the builds write different text:\n  baseline " + expected
                        + "\n  this     " + actual);
            }
        }
        System.out.printf("same text from both builds for %,d values%n", values.size());
    }

    /** Cache-key parts and cache entries as the engine makes them, from small to large. */
    private static List<Object> maps() {
        List<Object> maps = new ArrayList<>();
        // A step of bench/dag: touch one file, after the step before it.
        maps.add(key(List.of("touch", "${outputs.done}"), Map.of(), Map.of(),
                local(Map.of(), Map.of("program", Map.of("/usr/bin/touch", digest(1)))),
                Map.of("i0", digest(2)), Map.of("done", "file"), ""));
        // Its cache entry's outputs, as the run store writes them.
        maps.add(Map.of("done", output(digest(3), "file", 0, null)));
        // A Python step with parameters, environment, code files and non-ASCII text.
        maps.add(key(List.of("python3", "prepare.py", "--greeting", "${params.greeting}", "--limit",
                        "${params.limit}", "--out", "${outputs.table}", "--report", "${outputs.report}"),
                Map.of("greeting", "Grüße, 世界 🚀 \"quoted\" back\\slash \t tab", "limit", "1000",
                        "seed", "-9223372036854775809"),
                Map.of("OPTIONS", "{\"nested\": {\"list\": [1, -2, 3.5e10]}}", "SEED", "${params.seed}",
                        "CONTROL", "line1\nline2\r\n\u001B[0m"),
                local(Map.of("prepare.py", digest(4)), Map.of(
                        "program", Map.of("/usr/bin/python3", digest(5)),
                        "scripts", Map.of("prepare.py", digest(4)),
                        "fingerprints", Map.of("python3 -m pip freeze", digest(6)))),
                Map.of("raw", digest(7), "vocabulary", digest(8)),
                Map.of("table", "arrow", "report", "metrics", "model", "dir"), "2024-01"));
        // Its cache entry: an Arrow table with rows and schema, a metrics file, a directory.
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("table", output(digest(9), "arrow", 1_073_741_824L, 25_000_000L));
        outputs.put("report", output(digest(10), "metrics", 412, null));
        outputs.put("model", output(digest(11), "dir", 52_428_800L, null));
        maps.add(outputs);
        // A Docker step: image id, code files and volumes.
        Map<String, Object> docker = new TreeMap<>();
        docker.put("executor", "docker");
        docker.put("image", "sha256:" + digest(12));
        docker.put("code", new TreeMap<>(Map.of("steps/train.py", digest(13), "steps/util.py", digest(14))));
        docker.put("volumes", List.of("data/models:/models", "cache:/cache:rw"));
        maps.add(key(List.of("gantry-step", "train", "--table", "${inputs.table}", "--out", "${outputs.model}"),
                Map.of(), Map.of("THREADS", "4"), docker, Map.of("table", digest(9)), Map.of("model", "dir"), "3"));
        // The content of a collected input: each trial of a matrix, its artifact and values.
        Map<String, Object> collected = new LinkedHashMap<>();
        for (int trial = 1; trial <= 8; trial++) {
            collected.put(Integer.toString(trial), Map.of("sha256", digest(20 + trial),
                    "params", Map.of("lr", "1e-" + trial, "depth", Integer.toString(trial * 2))));
        }
        maps.add(collected);
        return maps;
    }

    /** The parts of a key, in the shape of {@code CacheKeys.of}. */
    private static Map<String, Object> key(List<String> command, Map<String, String> params, Map<String, String> env,
            Map<String, Object> image, Map<String, String> inputs, Map<String, String> outputs, String version) {
        Map<String, Object> parts = new TreeMap<>();
        parts.put("keyFormat", 2);
        parts.put("image", image);
        parts.put("command", command);
        parts.put("params", new TreeMap<>(params));
        parts.put("env", new TreeMap<>(env));
        parts.put("workdir", "");
        parts.put("inputs", new TreeMap<>(inputs));
        parts.put("outputs", new TreeMap<>(outputs));
        parts.put("cacheVersion", version);
        return parts;
    }

    /** The local executor's identity: the executor, code files and host parts. */
    private static Map<String, Object> local(Map<String, String> code, Map<String, Object> host) {
        Map<String, Object> identity = new TreeMap<>();
        host.forEach((k, v) -> identity.put(k, v instanceof Map<?, ?> m ? new TreeMap<>(m) : v));
        identity.put("executor", "local");
        identity.put("code", new TreeMap<>(code));
        return identity;
    }

    /** An output in a cache entry, as the run store's {@code OutputJson} makes it. */
    private static Map<String, Object> output(String sha256, String type, long size, Long rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sha256", sha256);
        m.put("type", type);
        m.put("size", size);
        if (rows != null) {
            m.put("rows", rows);
            m.put("schema", "id: int64, label: utf8, features: list<float64>");
        }
        return m;
    }

    /** A fixed stand-in for a SHA-256 in hex. */
    private static String digest(int seed) {
        StringBuilder sb = new StringBuilder(64);
        for (int i = 0; i < 64; i++) {
            sb.append(HEX.charAt((seed * 7 + i * 13) & 0xF));
        }
        return sb.toString();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
