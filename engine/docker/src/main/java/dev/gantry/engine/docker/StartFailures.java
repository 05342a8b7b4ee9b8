package dev.gantry.engine.docker;

import dev.gantry.engine.spi.StepLaunch;

/** Words a container that would not start in terms of what the user can fix. */
final class StartFailures {
    private StartFailures() {}

    /** The message for step {@code launch} whose container the daemon refused to start with {@code daemonMessage}. */
    static String describe(StepLaunch launch, String daemonMessage) {
        String step = launch.step().name();
        if (!launch.gpuDevices().isEmpty() && daemonMessage.contains("could not select device driver")) {
            int n = launch.gpuDevices().size();
            return "step '" + step + "' asks for " + n + (n == 1 ? " GPU" : " GPUs") + ", but this Docker daemon"
                    + " cannot give containers GPUs: the NVIDIA Container Toolkit is not installed or not set up"
                    + " for Docker. Install it on the Docker host, run 'nvidia-ctk runtime configure --runtime=docker'"
                    + " and restart dockerd; or run the step with --executor local";
        }
        return "step '" + step + "': Docker cannot start its container: " + daemonMessage;
    }
}
