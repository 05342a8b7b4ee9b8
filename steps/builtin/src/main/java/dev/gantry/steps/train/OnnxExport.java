package dev.gantry.steps.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.classification.Label;

/**
 * Writes an ONNX copy of a model where Tribuo can export one: linear models such as logistic
 * regression can; tree models cannot in Tribuo 4.3, and neither can ensembles of them.
 */
final class OnnxExport {
    /** The ONNX domain of exported models. */
    static final String DOMAIN = "dev.gantry";

    private OnnxExport() {}

    /** Exports the model; returns false, writing nothing, when Tribuo cannot export it. */
    static boolean write(Model<Label> model, Path file) {
        if (!(model instanceof ONNXExportable)) {
            return false;
        }
        try {
            ((ONNXExportable) model).saveONNXModel(DOMAIN, 1, file);
            return true;
        } catch (IOException | RuntimeException e) {
            // Ensembles are exportable as a type but fail when a member model is not.
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // Nothing more to undo.
            }
            return false;
        }
    }
}
