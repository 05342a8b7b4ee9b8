/**
 * Settings: the configuration file {@code gantry.yaml}, which holds the executors' settings
 * ({@link dev.gantry.settings.SettingsFile}), and the typed reader of one mapping of settings
 * that an executor checks its own part with ({@link dev.gantry.settings.Settings}). Every
 * problem is reported at once, with the {@code file:line:column} it was written at.
 */
package dev.gantry.settings;
