package dev.gantry.engine.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Jobs are followed with one squeue call a poll, however many there are and however fast they come. */
@RequiresSlurm
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JobWatchTest {
    @TempDir
    Path dir;

    /** Slurm's commands, counting the calls that ask for jobs' states. */
    private static final class Counting extends SlurmCommands {
        final AtomicInteger polls = new AtomicInteger();
        final AtomicInteger largest = new AtomicInteger();

        @Override
        List<JobState> states(Collection<String> jobIds) throws IOException {
            polls.incrementAndGet();
            largest.accumulateAndGet(jobIds.size(), Math::max);
            return super.states(jobIds);
        }
    }

    @Test
    void thirtyJobsSubmittedOneByOneAreFollowedByOnePollEveryIntervalForAllOfThem() throws Exception {
        Counting slurm = new Counting();
        Duration poll = Duration.ofMillis(250);
        List<CompletableFuture<JobState>> ended = new ArrayList<>();
        long started = System.nanoTime();
        try (JobWatch watch = new JobWatch(slurm, poll)) {
            for (int i = 0; i < 30; i++) {
                SlurmCommands.Result submitted = slurm.run(List.of("sbatch", "--parsable", "--output=/dev/null",
                        "--job-name=gantry-watch-test", "--wrap=sleep 1; exit " + (i % 3)));
                assertThat(submitted.ok()).as(submitted.error()).isTrue();
                ended.add(watch.watch(submitted.out().strip(), dir.resolve("none-" + i), state -> {}));
            }
            CompletableFuture.allOf(ended.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(ended).allSatisfy(f -> assertThat(f.get().state()).isIn("COMPLETED", "FAILED"));
        assertThat(ended.get(1).get().exitCode()).isEqualTo(1);
        // One call per poll, for every job at once: never more polls than intervals that passed.
        assertThat(slurm.polls.get()).isLessThanOrEqualTo((int) (elapsedMillis / poll.toMillis()) + 1);
        assertThat(slurm.largest.get()).isGreaterThan(1);
    }
}
