package dev.gantry.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.spec.Placeholders.Placeholder;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    @Test
    void findsEveryPlaceholderWithItsKindAndName() {
        assertThat(Placeholders.find("cp ${inputs.raw} ${outputs.copy} --seed=${params.seed} ${foo.bar}"))
                .containsExactly(
                        new Placeholder("inputs", "raw", "${inputs.raw}"),
                        new Placeholder("outputs", "copy", "${outputs.copy}"),
                        new Placeholder("params", "seed", "${params.seed}"),
                        new Placeholder("foo", "bar", "${foo.bar}"));
    }

    @Test
    void leavesShellVariablesAlone() {
        assertThat(Placeholders.find("echo $HOME ${HOME} ${PATH:-/bin} $${x")).isEmpty();
    }

    @Test
    void substitutesEachPlaceholderAndNothingElse() {
        String result = Placeholders.substitute("cp ${inputs.raw} ${outputs.copy} # ${HOME} $1",
                p -> "/data/" + p.kind() + "/" + p.name());

        assertThat(result).isEqualTo("cp /data/inputs/raw /data/outputs/copy # ${HOME} $1");
    }
}
