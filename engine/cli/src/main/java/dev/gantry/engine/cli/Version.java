package dev.gantry.engine.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code gantry --version}, from the jar's manifest. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = GantryCli.class.getPackage().getImplementationVersion();
        return new String[] {"gantry " + (v == null ? "development build" : v),
            "Java " + System.getProperty("java.version")};
    }
}
