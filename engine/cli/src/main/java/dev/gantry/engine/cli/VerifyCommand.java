package dev.gantry.engine.cli;

import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.OutputArtifact;
import dev.gantry.engine.api.RunRecord;
import dev.gantry.engine.api.StepRecord;
import dev.gantry.engine.api.StoreException;
import dev.gantry.engine.hash.Cancellation;
import dev.gantry.engine.internal.verify.StoreVerifier;
import dev.gantry.engine.internal.verify.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry verify}: hashes objects again, and moves the corrupt ones aside. */
@Command(name = "verify", addMethodSubcommands = false, mixinStandardHelpOptions = true, description = {
    "Hashes the store's objects again and reports every one whose content no longer matches its name.",
    "Each corrupt object is moved to the store's quarantine/ directory, where it is kept, so"
        + " that the next run of the step that made it makes it again and every later run reads good"
        + " bytes. Exit code 1 when an object is corrupt or missing."
})
final class VerifyCommand implements Callable<Integer> {
    @ArgGroup
    Which which = new Which();

    @Mixin
    StoreOption store;

    /** Which objects to verify. */
    static final class Which {
        @Option(names = "--all", description = "Every object in the store (the default).")
        boolean all;

        @Parameters(paramLabel = "RUN", arity = "0..1",
                description = "Only the outputs of this run. " + RunNames.RUN)
        String runId;
    }

    @Override
    public Integer call() {
        Map<String, String> objects = new LinkedHashMap<>();
        StoreVerifier verifier = new StoreVerifier(store.layout());
        try {
            if (which.runId != null) {
                try (RunHistory runs = store.openHistory()) {
                    RunRecord run = store.findRun(runs, which.runId);
                    for (StepRecord step : runs.steps(run.id())) {
                        for (Map.Entry<String, OutputArtifact> o : step.outputs().entrySet()) {
                            objects.putIfAbsent(o.getValue().sha256(), "output '" + o.getKey() + "' of step '"
                                    + step.step() + "': object sha256:" + o.getValue().sha256());
                        }
                    }
                }
            } else if (!Files.isDirectory(store.dir())) {
                throw new UsageException("no store at " + store.dir() + " (use --store DIR to name another store)");
            } else {
                verifier.allObjects().forEach(sha -> objects.put(sha, "object sha256:" + sha));
            }
            return report(verifier, objects);
        } catch (IOException e) {
            throw new StoreException("cannot verify the store " + store.dir() + ": " + e.getMessage(), e);
        }
    }

    private int report(StoreVerifier verifier, Map<String, String> objects) throws IOException {
        long bytes = 0;
        int intact = 0;
        int corrupt = 0;
        int missing = 0;
        for (Map.Entry<String, String> object : objects.entrySet()) {
            Verdict verdict = verifier.verify(object.getKey(), Cancellation.NONE);
            bytes += verdict.sizeBytes();
            switch (verdict.state()) {
                case INTACT, INTACT_LEGACY -> intact++;
                case CORRUPT -> {
                    corrupt++;
                    System.out.println("corrupt  " + object.getValue() + ": " + verdict.found().orElseThrow()
                            + "; moved to " + verdict.quarantinedAt().orElseThrow());
                }
                case MISSING -> {
                    missing++;
                    System.out.println("missing  " + object.getValue() + " is not in the store");
                }
            }
        }
        StringBuilder summary = new StringBuilder("verified " + objects.size() + " object"
                + (objects.size() == 1 ? "" : "s") + " (" + Bytes.human(bytes) + "): " + intact + " intact");
        if (corrupt > 0) {
            summary.append(", ").append(corrupt).append(" corrupt (moved to ").append(store.layout().quarantine())
                    .append(')');
        }
        if (missing > 0) {
            summary.append(", ").append(missing).append(" missing");
        }
        System.out.println(summary);
        return corrupt + missing > 0 ? ExitCodes.STEP_FAILED : ExitCodes.OK;
    }
}
