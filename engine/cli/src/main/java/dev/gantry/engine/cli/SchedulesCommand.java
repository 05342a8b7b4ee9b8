package dev.gantry.engine.cli;

import dev.gantry.engine.schedule.CronClock;
import dev.gantry.engine.schedule.ScheduledPipeline;
import dev.gantry.engine.schedule.ScheduledPipelines;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry schedules}: lists scheduled pipelines and their next fire times. */
@Command(name = "schedules", addMethodSubcommands = false, mixinStandardHelpOptions = true,
        description = "Lists the pipelines with a schedule in the given files and directories, with their next fire times.")
final class SchedulesCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Pipeline files, or directories to search for them.")
    List<Path> paths;

    @Option(names = {"-n", "--next"}, defaultValue = "3", description = "How many fire times to show (default: ${DEFAULT-VALUE}).")
    int next;

    @Option(names = "--from", paramLabel = "TIME", description = "Shows the fire times after TIME instead of now: "
            + "2027-03-27, 2027-03-27T12:00Z or 2027-03-27T12:00+01:00, such as the days clocks change.")
    String from;

    @Option(names = "--json", description = "Prints one JSON object: each schedule with its next fire times "
            + "(ISO-8601, with the offset of its time zone), and the files that were ignored and why.")
    boolean json;

    @Override
    public Integer call() {
        ScheduledPipelines.Found found = ScheduledPipelines.find(paths);
        Instant now = from == null ? Instant.now() : parseFrom(from);
        if (json) {
            System.out.println(JsonReports.write(json(found, now)));
            return found.problems().isEmpty() ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
        }
        found.problems().forEach(p -> System.err.println("ignored: " + p));
        if (found.pipelines().isEmpty()) {
            System.out.println("no scheduled pipelines in " + paths);
        }
        for (ScheduledPipeline p : found.pipelines()) {
            System.out.println(p.name() + "  " + ShownPaths.shown(p.file()));
            System.out.println("  cron '" + p.schedule().cron() + "' " + p.schedule().timezone().getId()
                    + ", misfire " + p.schedule().misfire().yamlName() + ", overlap " + p.schedule().overlap().yamlName());
            for (Instant t : new CronClock(p.schedule()).next(now, next)) {
                System.out.println("  next " + t.atZone(p.schedule().timezone()));
            }
        }
        return found.problems().isEmpty() ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
    }

    private Object json(ScheduledPipelines.Found found, Instant now) {
        List<Map<String, Object>> schedules = new ArrayList<>();
        for (ScheduledPipeline p : found.pipelines()) {
            schedules.add(JsonReports.object("pipeline", p.name(), "file", p.file().toString(),
                    "cron", p.schedule().cron(), "timezone", p.schedule().timezone().getId(),
                    "misfire", p.schedule().misfire().yamlName(), "overlap", p.schedule().overlap().yamlName(),
                    "next", new CronClock(p.schedule()).next(now, next).stream()
                            .map(t -> t.atZone(p.schedule().timezone()).toOffsetDateTime().toString()).toList()));
        }
        return JsonReports.object("schedules", schedules,
                "ignored", found.problems().stream().map(String::valueOf).toList());
    }

    private static Instant parseFrom(String text) {
        try {
            if (text.length() == 10) {
                return java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            }
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new UsageException("--from '" + text + "' is not a date (2027-03-27) or a time with its offset"
                    + " (2027-03-27T12:00Z, 2027-03-27T12:00+01:00)");
        }
    }
}
