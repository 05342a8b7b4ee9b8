package dev.gantry.engine.spi;

/**
 * Why an executor cannot run a pipeline as it is written.
 *
 * @param message the error when the executor was asked for by name, with what to change, such
 *     as {@code step 'a' names no image, which the docker executor needs: set 'image' ...}
 * @param autoReason why {@code auto} passed the executor over, for its notice, such as
 *     {@code step 'a' names no image (give every step one ... to run them in Docker)}
 * @param meantForAnother whether the pipeline plainly was not written for this executor (no
 *     step names an image at all), so that auto passes it over without a notice
 */
public record Unsuited(String message, String autoReason, boolean meantForAnother) {}
