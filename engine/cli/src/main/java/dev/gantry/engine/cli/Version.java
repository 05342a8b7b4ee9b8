package dev.gantry.engine.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.jar.Manifest;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code gantry --version} prints: the version and the commit the CLI was built from (with
 * "+ uncommitted changes" when the working tree had them), from the jar's manifest, and the JVM.
 * Classes run straight from a build's directories, as in tests, are a "development build".
 */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        Manifest manifest = manifest();
        if (manifest == null || manifest.getMainAttributes().getValue("Implementation-Version") == null) {
            return new String[] {"gantry development build", java()};
        }
        var attributes = manifest.getMainAttributes();
        String commit = attributes.getValue("Gantry-Commit");
        String built = "gantry " + attributes.getValue("Implementation-Version");
        if (commit != null && !commit.startsWith("${")) { // unresolved outside a git clone
            built += ", commit " + commit + " of " + attributes.getValue("Gantry-Commit-Date")
                    + ("true".equals(attributes.getValue("Gantry-Uncommitted-Changes")) ? " + uncommitted changes" : "");
        }
        return new String[] {built, java()};
    }

    private static String java() {
        return "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.vendor", "") + ")";
    }

    /** The manifest of the jar this class came from; null when it came from a directory. */
    private static Manifest manifest() {
        URL self = Version.class.getResource(Version.class.getSimpleName() + ".class");
        if (self == null || !self.getProtocol().equals("jar")) {
            return null;
        }
        String jar = self.toString().substring(0, self.toString().indexOf("!/") + 2);
        try (InputStream in = new URL(jar + "META-INF/MANIFEST.MF").openStream()) {
            return new Manifest(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + jar, e);
        }
    }
}
