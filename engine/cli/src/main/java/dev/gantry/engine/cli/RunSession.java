package dev.gantry.engine.cli;

import dev.gantry.engine.Gantry;
import dev.gantry.engine.api.RunResult;
import dev.gantry.engine.api.StoreLocation;
import dev.gantry.engine.cli.progress.RunDisplay;
import dev.gantry.settings.SettingsFile;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs a pipeline for a command: opens the store while the command reads its pipeline, shows
 * the run's progress (its display subscribes to the engine, and so hears the run from its first
 * notice), stops the run cleanly on Ctrl-C (its steps are killed and it is recorded as
 * cancelled), prints the JSON report if asked, and turns the result into the exit code.
 */
final class RunSession {
    private RunSession() {}

    static int execute(StoreLocation store, RunFlags flags, Function<Gantry, RunResult> run) {
        try (Gantry gantry = Gantry.openInBackground(store); RunDisplay display = flags.display()) {
            flags.config.ifPresent(file -> gantry.useSettings(SettingsFile.read(file)));
            // The engine is this command's alone, so the display hears this run and no other.
            gantry.subscribe(display);
            RunResult result = cancellably(gantry, run);
            if (flags.json) {
                System.out.println(JsonReports.run(result));
            }
            return result.succeeded() ? ExitCodes.OK : ExitCodes.STEP_FAILED;
        }
    }

    private static RunResult cancellably(Gantry gantry, Function<Gantry, RunResult> run) {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            gantry.cancel();
            try {
                done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cancel-run");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run.apply(gantry);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: the run was cancelled and is now recorded.
            }
        }
    }
}
