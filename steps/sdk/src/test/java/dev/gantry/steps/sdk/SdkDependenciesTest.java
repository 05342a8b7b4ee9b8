package dev.gantry.steps.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SDK is what a step of one's own depends on, so it must bring neither the built-in steps'
 * libraries nor any other part of Gantry with it. The first test reads the constant pool of every
 * class the SDK compiles to, where the JVM finds every class, field and method a class refers to
 * (in names, descriptors and generic signatures alike); the second looks for those libraries on
 * the class path the SDK's dependencies make, which holds them even when no class uses them yet.
 */
class SdkDependenciesTest {
    /** Package prefixes, as the JVM writes them, of the libraries that no SDK class may refer to. */
    private static final List<String> FORBIDDEN = List.of(
            "org/tribuo/", "picocli/", "io/javalin/", "org/eclipse/jetty/",
            "com/fasterxml/jackson/dataformat/yaml/", "org/yaml/snakeyaml/");
    /** Gantry's own classes: the SDK may refer to its own package only, never to the engine or the DSL. */
    private static final String GANTRY = "dev/gantry/";
    private static final String SDK = "dev/gantry/steps/sdk/";
    /** A class of each library and module that must not be on the SDK's class path. */
    private static final List<String> ABSENT = List.of(
            "org/tribuo/Model.class", "picocli/CommandLine.class", "io/javalin/Javalin.class",
            "com/fasterxml/jackson/dataformat/yaml/YAMLFactory.class",
            "dev/gantry/engine/Gantry.class", "dev/gantry/dsl/Pipeline.class");

    @Test
    void noSdkClassRefersToTheBuiltInsLibrariesTheEngineOrTheDsl() throws IOException {
        Path classes = compiledClasses();
        List<String> found = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
        for (Path file : files) {
            for (String text : utf8Constants(file)) {
                if (FORBIDDEN.stream().anyMatch(text::contains) || refersToGantryOutsideTheSdk(text)) {
                    found.add(classes.relativize(file) + " refers to " + text);
                }
            }
        }

        assertThat(files).as("the SDK's classes in %s", classes).isNotEmpty();
        assertThat(found).as("references from the SDK to what it must not depend on").isEmpty();
    }

    @Test
    void theSdksClassPathHoldsNoneOfTheBuiltInsLibrariesTheEngineOrTheDsl() {
        ClassLoader loader = SdkDependenciesTest.class.getClassLoader();

        assertThat(ABSENT).as("classes on the SDK's class path that its dependencies must not bring")
                .filteredOn(resource -> loader.getResource(resource) != null).isEmpty();
    }

    @Test
    void theConstantPoolReaderFindsTheClassesAClassRefersTo() {
        Path file = compiledClasses().resolve("dev/gantry/steps/sdk/TableReader.class");

        assertThat(utf8Constants(file)).contains("org/apache/arrow/vector/VectorSchemaRoot");
    }

    private static boolean refersToGantryOutsideTheSdk(String text) {
        for (int at = text.indexOf(GANTRY); at >= 0; at = text.indexOf(GANTRY, at + 1)) {
            if (!text.startsWith(SDK, at)) {
                return true;
            }
        }
        return false;
    }

    /** The directory the SDK's main classes were compiled to, such as target/classes. */
    private static Path compiledClasses() {
        try {
            Path location = Path.of(Step.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertThat(location).as("the SDK's classes must be a directory to be read here").isDirectory();
            return location;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the SDK's classes", e);
        }
    }

    /**
     * The text constants of a class file's constant pool (JVMS 4.4), which hold every name and
     * descriptor the class uses, besides its string literals.
     */
    private static List<String> utf8Constants(Path file) {
        List<String> texts = new ArrayList<>();
        try (InputStream stream = Files.newInputStream(file); DataInputStream in = new DataInputStream(stream)) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IllegalStateException(file + " is not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            for (int index = 1; index < count; index++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> texts.add(in.readUTF());
                    case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                    case 15 -> in.skipNBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                    case 5, 6 -> {
                        // A long or a double takes two entries of the pool.
                        in.skipNBytes(8);
                        index++;
                    }
                    default -> throw new IllegalStateException(file + ": unknown constant pool tag " + tag
                            + " at entry " + index);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return texts;
    }
}
