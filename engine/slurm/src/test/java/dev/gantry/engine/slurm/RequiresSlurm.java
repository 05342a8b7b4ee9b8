package dev.gantry.engine.slurm;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks tests that submit jobs to a real Slurm cluster: they skip, saying why, where none answers,
 * and with {@code CI=true} fail instead ({@code .ci/slurm.sh} starts a one-node cluster).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SlurmCheck.class)
public @interface RequiresSlurm {}
