package dev.gantry.engine.postgres;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks tests that need a real PostgreSQL server. Where none answers they are skipped with
 * the reason, except with {@code CI=true}, where they fail.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PostgresCheck.class)
public @interface RequiresPostgres {}
