package dev.gantry.engine.cli;

import dev.gantry.engine.Gantry;
import dev.gantry.engine.RunHistory;
import dev.gantry.engine.api.RunRecord;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry tag}: names a run so that garbage collection keeps it. */
@Command(name = "tag", addMethodSubcommands = false, mixinStandardHelpOptions = true, description = {
    "Tags a run, such as the one behind a deployed model, so that 'gantry gc' keeps it and its objects.",
    "The run stays until the tag is removed. A name points to one run; a run may have several."
        + " Without arguments, lists the tags."
})
final class TagCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN",
            description = "The run: its id, a unique prefix of one, or 'last'.")
    String run;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "The tag's name.")
    String name;

    @Option(names = "--remove", paramLabel = "NAME", description = "Removes the tag NAME; its run may then be collected.")
    Optional<String> remove = Optional.empty();

    @Option(names = "--force", description = "Moves the tag NAME to RUN when it is already on another run.")
    boolean force;

    @Option(names = "--json", description = "Prints one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        try (RunHistory history = store.openHistory(); Gantry gantry = Gantry.open(store.location())) {
            if (remove.isPresent()) {
                if (run != null) {
                    throw new UsageException("give either --remove NAME or RUN NAME, not both");
                }
                if (!gantry.untag(remove.get())) {
                    throw new UsageException("no tag '" + remove.get() + "' in store " + store.dir()
                            + "; 'gantry tag' lists them");
                }
                print(JsonReports.object("removed", remove.get()), "removed tag '" + remove.get() + "'");
                return ExitCodes.OK;
            }
            if (run == null) {
                Map<String, String> tags = history.tags();
                StringBuilder text = new StringBuilder();
                tags.forEach((tag, id) -> text.append(tag).append("  ").append(id).append('\n'));
                print(JsonReports.object("tags", tags), tags.isEmpty() ? "no tags" : text.toString().stripTrailing());
                return ExitCodes.OK;
            }
            if (name == null) {
                throw new UsageException("give the tag's name: gantry tag RUN NAME");
            }
            RunRecord record = store.findRun(history, run);
            Optional<String> before = gantry.taggedRun(name);
            if (before.isPresent() && !before.get().equals(record.id()) && !force) {
                throw new UsageException("tag '" + name + "' is on run " + before.get()
                        + "; use --force to move it to run " + record.id());
            }
            try {
                gantry.tag(record.id(), name);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            print(JsonReports.object("tag", name, "run", record.id(), "pipeline", record.pipeline()),
                    "tagged run " + record.id() + " (" + record.pipeline() + ") as '" + name + "'");
            return ExitCodes.OK;
        }
    }

    private void print(Map<String, Object> jsonReport, String text) {
        System.out.println(json ? JsonReports.write(jsonReport) : text);
    }
}
