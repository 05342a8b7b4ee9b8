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

    @Test
    void aFalseStartDoesNotHideTheNextPlaceholder() {
        assertThat(Placeholders.find("${a${inputs.x} ${.y} ${params.} ${outputs.z"))
                .containsExactly(new Placeholder("inputs", "x", "${inputs.x}"), new Placeholder("params", "", "${params.}"));
    }

    @Test
    void aNameRunsToTheNextClosingBrace() {
        assertThat(Placeholders.find("${params.a.b $x{y}z}")).containsExactly(
                new Placeholder("params", "a.b $x{y", "${params.a.b $x{y}"));
    }

    @Test
    void substitutesRepeatsAndKeepsTheTextAround() {
        assertThat(Placeholders.substitute("${params.n}-${params.n}$", p -> "1")).isEqualTo("1-1$");
        assertThat(Placeholders.substitute("no placeholders", p -> "x")).isEqualTo("no placeholders");
    }
}
