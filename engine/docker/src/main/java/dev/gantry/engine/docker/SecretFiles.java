package dev.gantry.engine.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.gantry.engine.spi.StepSecrets;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Gives a container the secrets it asks for as files ({@code as: file}) without writing them
 * to a disk: the container gets an in-memory (tmpfs) mount at {@code /run/secrets}, owned by
 * its user and readable by it alone, and once it has started the engine writes each file there
 * through {@code docker exec}, passing the value on the exec's standard input, so it exists
 * only in memory and in the mount. (The daemon's archive API, {@code docker cp}, would not do:
 * on API 1.41 it writes beneath the mount, into the container's layer on the host's disk.)
 * Until the files are there, a small {@code /bin/sh} loop in front of the step's command waits,
 * so the step never sees the directory empty; a step with such secrets therefore needs
 * {@code /bin/sh}, {@code head} and {@code mv} in its image.
 */
final class SecretFiles {
    /** Where the files are: {@code /run/secrets/NAME}. */
    static final String DIR = "/run/secrets";
    /** Written last: once it exists, every secret file is complete. */
    static final String READY = ".gantry-ready";
    /** The mount's size: secrets are small, and the mount must never take much of the host's memory. */
    private static final String SIZE = "4m";
    private static final Duration WRITE_LIMIT = Duration.ofSeconds(30);
    private static final String WAIT = "while [ ! -e " + DIR + "/" + READY + " ]; do sleep 0.05; done; exec \"$@\"";

    private SecretFiles() {}

    /** The in-memory mount for a step with file secrets, as {@code HostConfig.Tmpfs} takes it, or none. */
    static Optional<Map<String, String>> mount(StepSecrets secrets, Optional<String> user) {
        if (secrets.files().isEmpty()) {
            return Optional.empty();
        }
        String owner = user.map(u -> {
            String[] ids = u.split(":");
            return ",uid=" + ids[0] + ",gid=" + (ids.length > 1 ? ids[1] : ids[0]);
        }).orElse("");
        return Optional.of(Map.of(DIR, "rw,noexec,nosuid,nodev,size=" + SIZE + ",mode=0700" + owner));
    }

    /** The command, behind the loop that waits for the files when the step has any. */
    static List<String> entrypoint(StepSecrets secrets, List<String> command) {
        if (secrets.files().isEmpty()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", WAIT, "gantry-secret-files"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Sets {@code NAME_FILE} to each file's path. */
    static void addVariables(StepSecrets secrets, Map<String, String> env) {
        secrets.files().keySet().forEach(name -> env.put(name + "_FILE", DIR + "/" + name));
    }

    /** Writes the files into the started container {@code id}, then the ready mark. */
    static void writeInto(DockerDaemon daemon, String id, StepSecrets secrets) throws IOException {
        List<Map.Entry<String, String>> files = new ArrayList<>(secrets.files().entrySet());
        for (int i = 0; i < files.size(); i++) {
            String path = DIR + "/" + files.get(i).getKey();
            String ready = i == files.size() - 1 ? " && : > " + DIR + "/" + READY : "";
            byte[] value = files.get(i).getValue().getBytes(StandardCharsets.UTF_8);
            // head reads exactly the value's bytes: the exec's input never reaches end of file.
            exec(daemon, id, "umask 077 && head -c " + value.length + " > " + path + ".part && mv " + path + ".part "
                    + path + ready, value, files.get(i).getKey());
        }
    }

    private static void exec(DockerDaemon daemon, String id, String script, byte[] input, String name)
            throws IOException {
        String exec = daemon.client.execCreateCmd(id).withAttachStdin(true).withAttachStdout(true)
                .withAttachStderr(true).withCmd("/bin/sh", "-c", script).exec().getId();
        StringBuilder said = new StringBuilder();
        try (ResultCallback.Adapter<Frame> done = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                said.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        }) {
            daemon.client.execStartCmd(exec).withStdIn(new ByteArrayInputStream(input)).exec(done);
            if (!done.awaitCompletion(WRITE_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("writing secret file " + name + " took longer than " + WRITE_LIMIT.toSeconds()
                        + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing secret file " + name, e);
        }
        Long code = daemon.client.inspectExecCmd(exec).exec().getExitCodeLong();
        if (code == null || code != 0) {
            throw new IOException("writing secret file " + name + " into " + DIR + " failed (exit code " + code
                    + "): " + said.toString().strip());
        }
    }
}
