package dev.gantry.spec;

/**
 * A host directory or file mounted into a step's container. Its content is not hashed into the
 * cache key (declare an input for data that should be), so a step that writes to a writable
 * volume, or reads one that changes, is not reproducible.
 *
 * @param source the host path, relative to the pipeline file's directory unless absolute
 * @param target where the container sees it: an absolute path
 * @param readOnly whether the container may only read it; the default
 */
public record VolumeSpec(String source, String target, boolean readOnly) {
    public VolumeSpec {
        Names.requireNonBlank(source, "volume source");
        Names.requireNonBlank(target, "volume target");
    }

    /** A read-only volume. */
    public static VolumeSpec readOnly(String source, String target) {
        return new VolumeSpec(source, target, true);
    }

    /** The short form: {@code SOURCE:TARGET}, with {@code :rw} when writable. */
    @Override
    public String toString() {
        return source + ":" + target + (readOnly ? "" : ":rw");
    }
}
