package dev.gantry.engine.spi;

import dev.gantry.settings.Settings;
import dev.gantry.settings.SettingsFile;

/** What the engine offers an executor it opens. */
public interface ExecutorContext {
    /**
     * Tells the user something worth knowing that is not an error, such as containers an engine
     * that died left behind and that opening the executor removed.
     */
    void notice(String message);

    /**
     * The executor's own settings: its part of the configuration file ({@code executors: {NAME:
     * {...}}} in {@code gantry.yaml}, see {@link SettingsFile}), empty where there is none. The
     * executor checks them when it opens: {@link Settings#allowOnly}, the typed getters, then
     * {@link Settings#check}, which reports every problem at its line and column.
     */
    default Settings settings() {
        return Settings.empty(SettingsFile.NAME);
    }

    /**
     * How the local executor prepares host programs, for an executor whose steps run as host
     * programs too.
     */
    HostSteps hostSteps();
}
