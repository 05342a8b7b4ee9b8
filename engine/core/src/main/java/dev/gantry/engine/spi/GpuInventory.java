package dev.gantry.engine.spi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/** The GPU devices a run may hand out: {@code GANTRY_GPUS} if set, else what nvidia-smi lists. */
final class GpuInventory {
    private GpuInventory() {}

    static List<String> discover() {
        String configured = System.getenv("GANTRY_GPUS");
        if (configured != null) {
            return Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        List<String> ids = new ArrayList<>();
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=index", "--format=csv,noheader")
                    .redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.trim().matches("\\d+")) {
                        ids.add(line.trim());
                    }
                }
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                LoggerFactory.getLogger(GpuInventory.class).warn("nvidia-smi did not list the GPUs (it failed or took"
                        + " over 10 s); no GPU is handed out (set GANTRY_GPUS=0,1,... to name them)");
                return List.of();
            }
        } catch (IOException e) {
            // No nvidia-smi: a machine without NVIDIA GPUs, as most are.
            LoggerFactory.getLogger(GpuInventory.class).debug("no nvidia-smi to list GPUs: {}", e.toString());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        return ids;
    }
}
