package dev.gantry.engine.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.spi.Capacity;
import dev.gantry.spec.Resources;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** GPUs are handed out by id, one step each, unless every step holding one allows sharing. */
class ResourcePoolGpuTest {
    private static final Resources ONE = Resources.NONE.withGpus(1);
    private static final Resources ONE_SHARED = ONE.withShareGpus(true);

    private final ResourcePool pool = new ResourcePool(8, new Capacity(8, 1L << 34, List.of("0", "1"), "this machine"));

    @Test
    void twoStepsNeverShareAGpuUnlessTheyAllowIt() {
        assertThat(pool.tryAcquire(ONE)).contains(List.of("0"));
        assertThat(pool.tryAcquire(ONE)).contains(List.of("1"));
        assertThat(pool.tryAcquire(ONE)).isEmpty();
        assertThat(pool.tryAcquire(ONE_SHARED)).isEmpty();
    }

    @Test
    void stepsThatShareGpusHoldTheSameOneAndLeaveTheOtherWhole() {
        assertThat(pool.tryAcquire(ONE_SHARED)).contains(List.of("0"));
        assertThat(pool.tryAcquire(ONE_SHARED)).contains(List.of("0"));
        assertThat(pool.tryAcquire(ONE)).contains(List.of("1"));
        assertThat(pool.tryAcquire(ONE)).isEmpty();
    }

    @Test
    void aSharedGpuIsWholeAgainWhenItsLastSharerEnds() {
        pool.tryAcquire(ONE_SHARED);
        pool.tryAcquire(ONE_SHARED);
        pool.tryAcquire(ONE);

        pool.release(ONE_SHARED, List.of("0"));
        assertThat(pool.tryAcquire(ONE)).isEmpty();
        pool.release(ONE_SHARED, List.of("0"));
        assertThat(pool.tryAcquire(ONE)).contains(List.of("0"));
    }

    @Test
    void aStepWithoutGpusIsGivenNone() {
        assertThat(pool.tryAcquire(Resources.NONE)).contains(List.of());
        assertThat(pool.tryAcquire(Resources.NONE.withShareGpus(true))).isEqualTo(Optional.of(List.of()));
    }
}
