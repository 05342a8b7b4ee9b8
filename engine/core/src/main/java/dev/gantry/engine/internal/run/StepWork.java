package dev.gantry.engine.internal.run;

import dev.gantry.engine.internal.cache.CacheKey;
import dev.gantry.engine.spi.PreparedStep;
import dev.gantry.spec.Resources;
import dev.gantry.spec.StepSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A step the scheduler has decided to run.
 *
 * @param step the step
 * @param key its cache key
 * @param writeCache whether to record a cache entry when it succeeds
 * @param inputs input name to the path it reads
 * @param resources what it reserved
 * @param gpus the GPU ids it was given
 * @param collected the inputs that collect a matrix's outputs, made before its first attempt
 * @param prepared what the executor made of the step, which each attempt starts from
 * @param expiredEntry why its cache entry was passed over for its max-age, if it was
 */
record StepWork(
        StepSpec step, CacheKey key, boolean writeCache, Map<String, Path> inputs, Resources resources,
        List<String> gpus, List<CollectedInput> collected, PreparedStep prepared, Optional<String> expiredEntry) {}
