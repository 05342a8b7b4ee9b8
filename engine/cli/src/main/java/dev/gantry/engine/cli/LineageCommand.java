package dev.gantry.engine.cli;

import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.LineageLink;
import dev.gantry.engine.api.RunRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gantry lineage}: where an artifact came from (the steps, runs and host files upstream of
 * it, following each input's producer back) and every step of every run that read it.
 */
@Command(name = "lineage", addMethodSubcommands = false, mixinStandardHelpOptions = true,
        description = "Shows where an artifact came from (upstream) and which steps read it (downstream).")
final class LineageCommand implements Callable<Integer> {
    /** How many readers are listed at most. */
    private static final int MAX_READERS = 1000;

    @Parameters(arity = "1..2", paramLabel = "ARTIFACT",
            description = "A 64-hex digest, or RUN STEP.OUTPUT (RUN: " + RunNames.RUN_SHORT + ").")
    List<String> artifact;

    @Option(names = "--json", description = "Prints one JSON object.")
    boolean json;

    @Mixin
    StoreOption store;

    private final Map<String, List<LineageLink>> linksByRun = new HashMap<>();

    @Override
    public Integer call() {
        try (RunHistory history = store.openHistory()) {
            String digest;
            Optional<LineageLink.Producer> producer;
            if (artifact.size() == 1 && artifact.get(0).matches("[0-9a-f]{64}")) {
                digest = artifact.get(0);
                producer = history.producers(digest).stream().findFirst();
            } else {
                ArtifactRef ref = ArtifactRef.resolve(history, store, artifact);
                digest = ref.artifact().sha256();
                producer = Optional.of(new LineageLink.Producer(ref.runId(), ref.step(), ref.output()));
            }
            List<LineageLink.Reader> readers = history.readers(digest, MAX_READERS);
            if (producer.isEmpty() && readers.isEmpty()) {
                throw new UsageException("no recorded step wrote or read an artifact with digest " + digest);
            }
            List<Map<String, Object>> upstream = producer.map(p -> upstream(history, p, new HashSet<>()))
                    .orElse(List.of());
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("digest", digest);
                out.put("producer", producer.map(LineageCommand::producer).orElse(null));
                out.put("upstream", upstream);
                out.put("downstream", readers.stream().map(r -> JsonReports.object("run", r.runId(), "step", r.step(),
                        "input", r.input())).toList());
                System.out.println(JsonReports.write(out));
                return ExitCodes.OK;
            }
            System.out.println(producer.map(p -> p.step() + "." + p.output() + " of run " + p.runId())
                    .orElse("an artifact no recorded step wrote") + ", sha256 " + digest.substring(0, 12));
            System.out.println("upstream:");
            if (upstream.isEmpty()) {
                System.out.println("  (nothing: " + (producer.isPresent() ? "its step read no inputs)"
                        : "it is a host file, or its step's run is gone)"));
            }
            print(upstream, "  ");
            System.out.println("downstream:");
            if (readers.isEmpty()) {
                System.out.println("  (no step read it)");
            }
            TextTable table = new TextTable("", "", "").keepWhole(0);
            readers.forEach(r -> table.add("  " + r.runId(), r.step(), "as " + r.input()));
            table.print();
            return ExitCodes.OK;
        }
    }

    /** The inputs of the step that wrote {@code p}, each with its own upstream; a step seen before is not followed again. */
    private List<Map<String, Object>> upstream(RunHistory history, LineageLink.Producer p, Set<String> seen) {
        List<Map<String, Object>> inputs = new ArrayList<>();
        if (!seen.add(p.runId() + "/" + p.step())) {
            return inputs;
        }
        for (LineageLink link : links(history, p.runId())) {
            if (!link.step().equals(p.step())) {
                continue;
            }
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("input", link.input());
            input.put("digest", link.sha256());
            input.put("source", link.source());
            input.put("hostFile", link.hostFile());
            input.put("producer", link.producer().map(LineageCommand::producer).orElse(null));
            input.put("upstream", link.producer().map(q -> upstream(history, q, seen)).orElse(List.of()));
            inputs.add(input);
        }
        return inputs;
    }

    private List<LineageLink> links(RunHistory history, String runId) {
        return linksByRun.computeIfAbsent(runId, id -> history.find(id).map(history::lineage).orElse(List.of()));
    }

    private static Map<String, Object> producer(LineageLink.Producer p) {
        return JsonReports.object("run", p.runId(), "step", p.step(), "output", p.output());
    }

    @SuppressWarnings("unchecked")
    private static void print(List<Map<String, Object>> inputs, String indent) {
        for (Map<String, Object> input : inputs) {
            String from = input.get("producer") instanceof Map<?, ?> p
                    ? p.get("step") + "." + p.get("output") + " of run " + p.get("run")
                    : (Boolean) input.get("hostFile") ? "host file " + input.get("source")
                    : input.get("source") + " (no recorded step wrote it)";
            System.out.println(TextTable.cut(indent + input.get("input") + " <- " + from + "  "
                    + input.get("digest").toString().substring(0, 12), TextTable.WIDTH));
            print((List<Map<String, Object>>) input.get("upstream"), indent + "  ");
        }
    }
}
