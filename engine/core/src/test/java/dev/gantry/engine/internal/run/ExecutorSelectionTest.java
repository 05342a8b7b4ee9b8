package dev.gantry.engine.internal.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.internal.local.LocalExecutorProvider;
import dev.gantry.spec.ExecutorChoice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which executors a selection knows: those on the class path, or those a program names up front. */
class ExecutorSelectionTest {
    @AfterEach
    void forgetTheProperty() {
        System.clearProperty(ExecutorSelection.PROVIDERS_PROPERTY);
    }

    @Test
    void findsTheExecutorsOnTheClassPath() {
        try (ExecutorSelection selection = new ExecutorSelection()) {
            assertThat(selection.names()).startsWith("local");
        }
    }

    @Test
    void aProgramThatKnowsItsExecutorsNamesThemAndNothingIsSearchedFor() {
        System.setProperty(ExecutorSelection.PROVIDERS_PROPERTY, " " + LocalExecutorProvider.class.getName() + " ");

        try (ExecutorSelection selection = new ExecutorSelection()) {
            assertThat(selection.names()).containsExactly("local");
            assertThat(selection.unknown(new ExecutorChoice("docker"), ""))
                    .contains("unknown executor 'docker'; installed: local");
        }
    }

    @Test
    void aNamedProviderThatCannotBeLoadedSaysWhichAndWhy() {
        System.setProperty(ExecutorSelection.PROVIDERS_PROPERTY, "dev.gantry.NoSuchProvider");

        assertThatThrownBy(ExecutorSelection::new).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot load executor provider dev.gantry.NoSuchProvider named by"
                        + " gantry.executors: java.lang.ClassNotFoundException");
    }
}
